import { parse as parseCsv } from 'csv-parse/sync'
import type { z } from 'zod'
import {
  FACT_ANY_LANGUAGE,
  KB_CSV_HEADER,
  kbEntryInputSchema,
  kbFactInputSchema,
  kbFileSchema,
  type KbFile,
  type KbFileFormat,
} from '@shared/contract/ai'
import { AppError } from '@shared/contract/errors'
import { formatCsv } from '@shared/csv'
import type { KbEntryFields, KbEntryRecord, KbFactRecord } from './kb-repo'

/**
 * Knowledge-base files: JSON (`kbFileSchema`) and CSV (`KB_CSV_HEADER`, one row per entry or
 * fact, `|` between variants and between tags, `\|` for a literal bar). Import checks every row
 * and, when any is wrong, refuses the whole file with the rows named: nothing is half-imported.
 */

export interface ParsedKb {
  entries: KbEntryFields[]
  facts: { key: string; value: string; language: string }[]
}

export interface RowIssue {
  row: string
  message: string
}

const MAX_ISSUES = 20

function refuse(format: KbFileFormat, issues: RowIssue[]): never {
  const shown = issues.slice(0, MAX_ISSUES)
  const more = issues.length > shown.length ? ` (and ${issues.length - shown.length} more)` : ''
  throw new AppError(
    'VALIDATION',
    `The ${format.toUpperCase()} file has ${issues.length} problem${issues.length === 1 ? '' : 's'}: ${shown
      .map((issue) => `${issue.row}: ${issue.message}`)
      .join('; ')}${more}. Nothing was imported.`,
    {
      fix: 'Correct the rows named and import the file again.',
      details: { issues: shown },
    },
  )
}

const describe = (issues: readonly z.core.$ZodIssue[]) =>
  issues
    .map((issue) => `${issue.path.length > 0 ? `${issue.path.join('.')} ` : ''}${issue.message}`)
    .join(', ')

function parseJson(content: string): ParsedKb {
  let json: unknown
  try {
    json = JSON.parse(content.replace(/^\uFEFF/, ''))
  } catch (error) {
    throw new AppError('VALIDATION', `The file is not JSON: ${(error as Error).message}.`, {
      fix: 'Export a knowledge base to see the expected shape.',
    })
  }
  const parsed = kbFileSchema.safeParse(json)
  if (parsed.success) return fromFile(parsed.data)
  // Group the issues by row: entries[2].answer → "entry 3".
  const byRow = new Map<string, z.core.$ZodIssue[]>()
  for (const issue of parsed.error.issues) {
    const [list, index, ...rest] = issue.path
    const row =
      (list === 'entries' || list === 'facts') && typeof index === 'number'
        ? `${list === 'entries' ? 'entry' : 'fact'} ${index + 1}`
        : 'file'
    const issues = byRow.get(row) ?? []
    issues.push(row === 'file' ? issue : { ...issue, path: rest })
    byRow.set(row, issues)
  }
  refuse(
    'json',
    [...byRow].map(([row, issues]) => ({ row, message: describe(issues) })),
  )
}

const fromFile = (file: KbFile): ParsedKb => ({
  entries: file.entries.map((entry) => ({ ...entry })),
  facts: file.facts.map((fact) => ({ ...fact })),
})

/** `a|b\|c` → ['a', 'b|c']. */
const splitBars = (cell: string) =>
  cell
    .split(/(?<!\\)\|/)
    .map((part) => part.replace(/\\\|/g, '|').trim())
    .filter(Boolean)

const joinBars = (values: readonly string[]) =>
  values.map((value) => value.replace(/\|/g, '\\|')).join('|')

/** Undoes the export's spreadsheet-formula guard (a leading apostrophe before = + - @). */
const unguard = (cell: string) => (/^'[=+\-@]/.test(cell) ? cell.slice(1) : cell)

function parseCsvFile(content: string): ParsedKb {
  let records: string[][]
  try {
    records = parseCsv(content, { bom: true, skip_empty_lines: true, relax_column_count: true })
  } catch (error) {
    throw new AppError('VALIDATION', `The file is not readable CSV: ${(error as Error).message}.`, {
      fix: `Save it as CSV (comma-separated, UTF-8) with the header ${KB_CSV_HEADER.join(',')}.`,
    })
  }
  const header = (records[0] ?? []).map((cell) => cell.trim().toLowerCase())
  const missing = KB_CSV_HEADER.filter((name) => !header.includes(name))
  if (missing.length > 0)
    throw new AppError('VALIDATION', `The CSV header lacks ${missing.join(', ')}.`, {
      fix: `The first row must name the columns: ${KB_CSV_HEADER.join(',')}.`,
      details: { header },
    })
  const parsed: ParsedKb = { entries: [], facts: [] }
  const issues: RowIssue[] = []
  records.slice(1).forEach((record, i) => {
    const row = `row ${i + 2}`
    const cell = (name: (typeof KB_CSV_HEADER)[number]) =>
      unguard(record[header.indexOf(name)] ?? '').trim()
    if (record.length !== header.length) {
      issues.push({ row, message: `has ${record.length} columns, the header ${header.length}` })
      return
    }
    const type = cell('type').toLowerCase()
    if (type === 'fact') {
      const fact = kbFactInputSchema.safeParse({
        key: cell('key'),
        value: cell('value'),
        language: cell('language') || FACT_ANY_LANGUAGE,
      })
      if (fact.success) parsed.facts.push(fact.data)
      else issues.push({ row, message: describe(fact.error.issues) })
      return
    }
    if (type !== 'faq' && type !== 'snippet') {
      issues.push({ row, message: `type "${type}" is not faq, snippet or fact` })
      return
    }
    const entry = kbEntryInputSchema.safeParse({
      kind: type,
      question: cell('question'),
      variants: splitBars(cell('variants')),
      answer: cell('answer'),
      language: cell('language'),
      tags: splitBars(cell('tags')),
    })
    if (entry.success) parsed.entries.push(entry.data)
    else issues.push({ row, message: describe(entry.error.issues) })
  })
  if (issues.length > 0) refuse('csv', issues)
  return parsed
}

export function parseKbFile(format: KbFileFormat, content: string): ParsedKb {
  return format === 'json' ? parseJson(content) : parseCsvFile(content)
}

export function formatKbFile(
  format: KbFileFormat,
  entries: readonly KbEntryRecord[],
  facts: readonly KbFactRecord[],
): string {
  if (format === 'json') {
    const file: KbFile = {
      format: 'wapc-knowledge-base',
      version: 1,
      entries: entries.map(({ kind, question, variants, answer, language, tags }) => ({
        kind,
        question,
        variants,
        answer,
        language,
        tags,
      })),
      facts: facts.map(({ key, value, language }) => ({ key, value, language })),
    }
    return `${JSON.stringify(file, null, 2)}\n`
  }
  const blank = Object.fromEntries(KB_CSV_HEADER.map((name) => [name, '']))
  const rows = [
    ...entries.map((entry) => ({
      ...blank,
      type: entry.kind,
      language: entry.language,
      question: entry.question,
      variants: joinBars(entry.variants),
      answer: entry.answer,
      tags: joinBars(entry.tags),
    })),
    ...facts.map((fact) => ({
      ...blank,
      type: 'fact',
      language: fact.language,
      key: fact.key,
      value: fact.value,
    })),
  ]
  return rows.length > 0 ? formatCsv(rows) : `${KB_CSV_HEADER.join(',')}\r\n`
}
