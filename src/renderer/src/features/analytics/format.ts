/** Display formats of the analytics page (numbers in the user's locale). */

const integer = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 })

export const formatCount = (n: number) => integer.format(n)

/** 0.9567 → "95.7 %"; null → "—" (nothing to divide by). */
export function formatRate(rate: number | null): string {
  if (rate === null) return '—'
  return `${(rate * 100).toLocaleString(undefined, { maximumFractionDigits: 1 })} %`
}

/** A duration: "42 s", "3 min 5 s", "2 h 10 min", "1 d 4 h"; null → "—". */
export function formatDuration(ms: number | null): string {
  if (ms === null) return '—'
  const s = Math.round(ms / 1000)
  if (s < 60) return `${s} s`
  const m = Math.floor(s / 60)
  if (m < 60) return `${m} min${s % 60 ? ` ${s % 60} s` : ''}`
  const h = Math.floor(m / 60)
  if (h < 24) return `${h} h${m % 60 ? ` ${m % 60} min` : ''}`
  const d = Math.floor(h / 24)
  return `${d} d${h % 24 ? ` ${h % 24} h` : ''}`
}

/** An amount in the rate card's currency; up to 4 decimals as Meta's rates have. */
export function formatMoney(amount: number | null, currency: string | null): string {
  if (amount === null || currency === null) return '—'
  try {
    return new Intl.NumberFormat(undefined, {
      style: 'currency',
      currency,
      minimumFractionDigits: 2,
      maximumFractionDigits: 4,
    }).format(amount)
  } catch {
    return `${amount.toFixed(4)} ${currency}`
  }
}

/** Today and `days` days back, as UTC dates (the rollups' days are UTC). */
export function lastDays(days: number, now = new Date()): { from: string; to: string } {
  const to = now.toISOString().slice(0, 10)
  const from = new Date(now.getTime() - (days - 1) * 86_400_000).toISOString().slice(0, 10)
  return { from, to }
}

export const RESPONDER_LABELS: Record<string, string> = {
  ai: 'AI-sent',
  'ai-approved': 'AI-approved',
  human: 'Human',
  other: 'Other tools',
}

export const ORIGIN_LABELS: Record<string, string> = {
  agent: 'Agent (composer)',
  'ai-auto': 'AI, sent automatically',
  'ai-approved': 'AI draft, approved',
  'ai-edited': 'AI draft, edited',
  api: 'Automation',
  'business-app': 'WhatsApp Business app',
  external: 'Another tool on the number',
}
