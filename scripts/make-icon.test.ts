import { readFileSync } from 'node:fs'
import { crc32, inflateSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { encodePng, renderIcon } from './make-icon.mjs'

/** Splits a PNG into chunks, checking the signature and every CRC on the way. */
function readPng(png: Buffer) {
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
  const chunks: { type: string; data: Buffer }[] = []
  for (let at = 8; at < png.length;) {
    const length = png.readUInt32BE(at)
    const body = png.subarray(at + 4, at + 8 + length)
    expect(png.readUInt32BE(at + 8 + length)).toBe(crc32(body))
    chunks.push({ type: body.subarray(0, 4).toString('latin1'), data: body.subarray(4) })
    at += 12 + length
  }
  return chunks
}

/** Decodes what encodePng writes: 8-bit RGBA, filter 0 rows. */
function decode(png: Buffer) {
  const chunks = readPng(png)
  expect(chunks.map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IEND'])
  const header = chunks[0]!.data
  const width = header.readUInt32BE(0)
  const height = header.readUInt32BE(4)
  expect([...header.subarray(8)]).toEqual([8, 6, 0, 0, 0])
  const rows = inflateSync(chunks[1]!.data)
  const rgba = new Uint8Array(width * height * 4)
  for (let y = 0; y < height; y++) {
    expect(rows[y * (width * 4 + 1)]).toBe(0)
    rgba.set(rows.subarray(y * (width * 4 + 1) + 1, (y + 1) * (width * 4 + 1)), y * width * 4)
  }
  return { width, height, rgba }
}

const pixel = (rgba: Uint8Array, size: number, x: number, y: number) => [
  ...rgba.subarray((y * size + x) * 4, (y * size + x) * 4 + 4),
]

describe('encodePng', () => {
  it('round-trips RGBA pixels through a valid PNG', () => {
    const rgba = Uint8Array.from({ length: 3 * 2 * 4 }, (_, i) => (i * 37) % 256)
    const decoded = decode(encodePng(3, 2, rgba))
    expect(decoded.width).toBe(3)
    expect(decoded.height).toBe(2)
    expect([...decoded.rgba]).toEqual([...rgba])
  })
})

describe('renderIcon', () => {
  it('draws a green square with transparent corners and a white bubble', () => {
    const size = 64
    const rgba = renderIcon(size)
    expect(pixel(rgba, size, 0, 0)[3]).toBe(0)
    expect(pixel(rgba, size, 6, 32)).toEqual([0x1f, 0xa8, 0x55, 255])
    // Above the dots, inside the bubble.
    expect(pixel(rgba, size, 32, 22)).toEqual([255, 255, 255, 255])
    // The middle dot is green again.
    expect(pixel(rgba, size, 32, 29)).toEqual([0x1f, 0xa8, 0x55, 255])
  })
})

describe('resources/icon.png', () => {
  it('is the 512×512 output of this script', () => {
    const committed = decode(readFileSync(new URL('../resources/icon.png', import.meta.url)))
    expect([committed.width, committed.height]).toEqual([512, 512])
    expect(Buffer.from(committed.rgba).equals(Buffer.from(renderIcon(512)))).toBe(true)
  })
})
