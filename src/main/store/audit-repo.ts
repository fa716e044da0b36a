import { redact } from '@shared/redact'
import type { Db } from './database'

export interface AuditEntry {
  id: number
  at: string
  actor: string
  action: string
  subject: string | null
  details: Record<string, unknown>
}

interface AuditRow {
  id: number
  at: string
  actor: string
  action: string
  subject: string | null
  details: string
}

/** Append-only record of changes made through the console. Details are redacted before storage. */
export function createAuditRepo(db: Db) {
  const insert = db.prepare<[string, string, string, string | null, string]>(
    'INSERT INTO audit_log (at, actor, action, subject, details) VALUES (?, ?, ?, ?, ?)',
  )
  const recent = db.prepare<[number], AuditRow>(
    'SELECT id, at, actor, action, subject, details FROM audit_log ORDER BY at DESC, id DESC LIMIT ?',
  )
  const forSubject = db.prepare<[string, number], AuditRow>(
    'SELECT id, at, actor, action, subject, details FROM audit_log WHERE subject = ? ORDER BY at DESC, id DESC LIMIT ?',
  )
  const parse = (row: AuditRow): AuditEntry => ({
    ...row,
    details: JSON.parse(row.details) as Record<string, unknown>,
  })
  return {
    append(entry: {
      actor: string
      action: string
      subject?: string | null
      details?: Record<string, unknown>
    }) {
      insert.run(
        new Date().toISOString(),
        entry.actor,
        entry.action,
        entry.subject ?? null,
        JSON.stringify(redact(entry.details ?? {})),
      )
    },
    recent(limit = 100): AuditEntry[] {
      return recent.all(limit).map(parse)
    },
    /** One subject's entries, newest first (served by audit_log_by_subject). */
    forSubject(subject: string, limit = 100): AuditEntry[] {
      return forSubject.all(subject, limit).map(parse)
    },
  }
}

export type AuditRepo = ReturnType<typeof createAuditRepo>
