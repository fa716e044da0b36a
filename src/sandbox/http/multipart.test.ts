import { describe, expect, it } from 'vitest'
import { boundaryOf, MultipartError, parseMultipart } from './multipart'

const CRLF = '\r\n'

describe('parseMultipart', () => {
  it('parses fields and a binary file, keeping bytes exact', () => {
    const data = Buffer.from([0x00, 0x0d, 0x0a, 0xff, 0x2d, 0x2d])
    const body = Buffer.concat([
      Buffer.from(
        `--b${CRLF}Content-Disposition: form-data; name="messaging_product"${CRLF}${CRLF}whatsapp${CRLF}`,
      ),
      Buffer.from(
        `--b${CRLF}Content-Disposition: form-data; name="file"; filename="a.bin"${CRLF}Content-Type: image/png${CRLF}${CRLF}`,
      ),
      data,
      Buffer.from(`${CRLF}--b--${CRLF}`),
    ])
    const parsed = parseMultipart(body, 'b')
    expect(parsed.fields).toEqual({ messaging_product: 'whatsapp' })
    expect(parsed.files).toHaveLength(1)
    expect(parsed.files[0]).toMatchObject({
      field: 'file',
      filename: 'a.bin',
      contentType: 'image/png',
    })
    expect(parsed.files[0]?.data.equals(data)).toBe(true)
  })

  it('rejects bodies that are not terminated or do not start with the boundary', () => {
    expect(() =>
      parseMultipart(
        Buffer.from(`--b${CRLF}Content-Disposition: form-data; name="x"${CRLF}${CRLF}1`),
        'b',
      ),
    ).toThrow(MultipartError)
    expect(() => parseMultipart(Buffer.from('garbage'), 'b')).toThrow(MultipartError)
    expect(() =>
      parseMultipart(Buffer.from(`--b${CRLF}X-Nope${CRLF}${CRLF}1${CRLF}--b--`), 'b'),
    ).toThrow(MultipartError)
  })

  it('reads quoted and bare boundaries from the content type', () => {
    expect(boundaryOf('multipart/form-data; boundary="abc def"')).toBe('abc def')
    expect(boundaryOf('multipart/form-data; boundary=----x1')).toBe('----x1')
    expect(boundaryOf('multipart/form-data')).toBeNull()
  })
})
