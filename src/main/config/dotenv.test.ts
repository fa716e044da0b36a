import { describe, expect, it } from 'vitest'
import { errorOf } from '../test-support/failure'
import { dotenvValues, parseDotenv, removeDotenvEntries } from './dotenv'

const FILE = '/project/.env'
const values = (text: string) => dotenvValues(parseDotenv(text, FILE))

describe('parseDotenv', () => {
  it("reads entries with Node's meaning of quotes, export, comments and CRLF", () => {
    const text = [
      '# a comment',
      '   # an indented comment',
      '',
      'export PORT=6000',
      'GRAPH_API_VERSION = v24.0 # trailing comment',
      "SINGLE='a # not a comment'",
      'DOUBLE="line one\\nline two"',
      'MULTI="first',
      'second"',
      'WINDOWS=crlf\r',
      'EMPTY=',
    ].join('\n')
    expect(values(text)).toEqual({
      PORT: '6000',
      GRAPH_API_VERSION: 'v24.0',
      SINGLE: 'a # not a comment',
      DOUBLE: 'line one\nline two',
      MULTI: 'first\nsecond',
      WINDOWS: 'crlf',
      EMPTY: '',
    })
  })

  it('gives each entry the lines it spans', () => {
    const entries = parseDotenv('A=1\nB="x\ny\nz"\nC=3\n', FILE)
    expect(entries.map(({ key, firstLine, lastLine }) => [key, firstLine, lastLine])).toEqual([
      ['A', 1, 1],
      ['B', 2, 4],
      ['C', 5, 5],
    ])
  })

  it('refuses a line without "=" — naming the line and the fix — instead of merging it into the next key', () => {
    const error = errorOf(() =>
      parseDotenv('PORT=6000\nAI_API_KEY\nGRAPH_API_VERSION=v24.0\n', FILE),
    )
    expect(error.code).toBe('CONFIG')
    expect(error.message).toContain(FILE)
    expect(error.message).toMatch(/line 2 has no "="/)
    expect(error.fix).toMatch(/KEY=value/)
    expect(error.fix).toMatch(/#/)
    expect(error.details).toEqual({ file: FILE, lines: [2] })
  })

  it('lists every bad line at once and never repeats their text (it may be a pasted secret)', () => {
    const pasted = 'sk-pasted-secret-0123456789'
    const text = `AI_API_KEY=abc\n${pasted}\nMY KEY=1\nA: 1\n`
    const error = errorOf(() => parseDotenv(text, FILE))
    expect(error.details).toEqual({ file: FILE, lines: [2, 3, 4] })
    expect(error.message).toMatch(/line 3 does not start with a variable name/)
    expect(JSON.stringify(error.toData())).not.toContain(pasted)
    expect(JSON.stringify(error.toData())).not.toContain('MY KEY')
  })

  it('reads an unclosed quote as the rest of its line, as Node does', () => {
    expect(values('A="open\nB=2\n')).toEqual({ A: '"open', B: '2' })
  })

  it('keeps the last value of a key given twice', () => {
    expect(values('A=1\nA=2\n')).toEqual({ A: '2' })
  })
})

describe('removeDotenvEntries', () => {
  const note = (key: string) => `${key} moved`

  it('removes a multi-line value whole and leaves every other byte alone', () => {
    const text =
      'PORT=6000\r\nAI_API_KEY="sk-first-half\nsecond-half"\r\n# keep me\nRELAY_URL=https://relay.example\n'
    const out = removeDotenvEntries(text, FILE, new Set(['AI_API_KEY']), note)
    expect(out).toBe(
      'PORT=6000\r\n# AI_API_KEY moved\r\n# keep me\nRELAY_URL=https://relay.example\n',
    )
    expect(out).not.toContain('half')
  })

  it('removes every occurrence of a key and keeps a file without a final newline as it was', () => {
    const out = removeDotenvEntries(
      'FACEBOOK_APP_SECRET=one-secret-001\nA=1\nFACEBOOK_APP_SECRET=two-secret-002',
      FILE,
      new Set(['FACEBOOK_APP_SECRET']),
      note,
    )
    expect(out).toBe('# FACEBOOK_APP_SECRET moved\nA=1\n# FACEBOOK_APP_SECRET moved')
  })

  it('changes nothing when the key is not there', () => {
    const text = 'A=1\nB="x\ny"\n'
    expect(removeDotenvEntries(text, FILE, new Set(['C']), note)).toBe(text)
  })
})
