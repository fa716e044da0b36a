import { parseEnv } from 'node:util'
import { AppError } from '@shared/contract/errors'

/** One `KEY=value` entry of a `.env` file and the lines it spans (1-based, inclusive). */
export interface DotenvEntry {
  key: string
  value: string
  firstLine: number
  lastLine: number
}

const ENTRY = /^\s*(?:export\s+)?([^=]*?)\s*=(.*)$/
const KEY = /^[A-Za-z_][A-Za-z0-9_.-]*$/
const QUOTES = new Set(['"', "'", '`'])

/**
 * Reads a `.env` file strictly. Node's own parser (`util.parseEnv`) gives each entry its value — so
 * quoting, `export`, escapes and comments mean what they mean to Node — but a line that is not an
 * entry is an error naming the line, where Node would skip it or fold it into the next key. The
 * offending text is never repeated in the message: a stray line is often a pasted secret.
 */
export function parseDotenv(text: string, file: string): DotenvEntry[] {
  const lines = text.split('\n')
  const entries: DotenvEntry[] = []
  const problems: { line: number; reason: string }[] = []
  let index = 0
  while (index < lines.length) {
    const line = lines[index]!.replace(/\r$/, '')
    const trimmed = line.trim()
    if (trimmed === '' || trimmed.startsWith('#')) {
      index++
      continue
    }
    const match = ENTRY.exec(line)
    if (!match) {
      problems.push({
        line: index + 1,
        reason: 'has no "=" (a value that continues on the next line must be in quotes)',
      })
      index++
      continue
    }
    const key = match[1]!
    if (!KEY.test(key)) {
      problems.push({
        line: index + 1,
        reason: 'does not start with a variable name (letters, digits and _, then "=")',
      })
      index++
      continue
    }
    const last = lastLineOf(lines, index, match[2]!)
    const value = parseEnv(lines.slice(index, last + 1).join('\n'))[key]
    if (value === undefined) {
      problems.push({ line: index + 1, reason: 'could not be read as KEY=value' })
    } else {
      entries.push({ key, value, firstLine: index + 1, lastLine: last + 1 })
    }
    index = last + 1
  }
  if (problems.length > 0) {
    throw new AppError(
      'CONFIG',
      `${file} has lines that are not KEY=value:\n${problems.map((p) => `- line ${p.line} ${p.reason}`).join('\n')}`,
      {
        fix: 'Write each variable as KEY=value on one line (put a value that spans lines in quotes), or start the line with # to make it a comment.',
        details: { file, lines: problems.map((p) => p.line) },
      },
    )
  }
  return entries
}

/** The variables a `.env` file sets; a key given twice keeps its last value, as in Node. */
export function dotenvValues(entries: readonly DotenvEntry[]): Record<string, string> {
  return Object.fromEntries(entries.map((entry) => [entry.key, entry.value]))
}

/**
 * A quoted value ends at the next matching quote, which may be lines later (Node does not honour
 * backslash-escaped quotes either); without one, the value is the rest of the line.
 */
function lastLineOf(lines: readonly string[], first: number, afterEquals: string): number {
  const value = afterEquals.trimStart()
  const quote = value[0]
  if (quote === undefined || !QUOTES.has(quote)) return first
  if (value.indexOf(quote, 1) !== -1) return first
  for (let index = first + 1; index < lines.length; index++)
    if (lines[index]!.includes(quote)) return index
  return first
}

/**
 * `text` without the entries for `keys` — every line of a multi-line value goes — each replaced by
 * the one-line comment `note(key)`. Everything else stays byte for byte; the result is re-read to
 * prove that no other variable changed before anyone writes it.
 */
export function removeDotenvEntries(
  text: string,
  file: string,
  keys: ReadonlySet<string>,
  note: (key: string) => string,
): string {
  const entries = parseDotenv(text, file)
  const lines = text.split('\n')
  const out: string[] = []
  let next = 0
  for (const entry of entries) {
    if (!keys.has(entry.key)) continue
    out.push(...lines.slice(next, entry.firstLine - 1))
    const eol = lines[entry.lastLine - 1]!.endsWith('\r') ? '\r' : ''
    out.push(`# ${note(entry.key)}${eol}`)
    next = entry.lastLine
  }
  out.push(...lines.slice(next))
  const result = out.join('\n')

  const before = dotenvValues(entries)
  const after = dotenvValues(parseDotenv(result, file))
  const unchanged = Object.keys(before).every((key) => keys.has(key) || before[key] === after[key])
  if (!unchanged || [...keys].some((key) => key in after)) {
    throw new AppError('CONFIG', `Could not remove ${[...keys].join(', ')} from ${file} safely.`, {
      fix: `Remove ${[...keys].join(', ')} from ${file} by hand; the file was not changed.`,
    })
  }
  return result
}
