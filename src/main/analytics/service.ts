import type { ChannelParsedInput } from '@shared/contract/channels'
import type { AnalyticsOverview, RateCard } from '@shared/contract/analytics'
import { AppError } from '@shared/contract/errors'
import type { EventListener } from '../core-events'
import type { Logger } from '../logger'
import type { Db } from '../store/database'
import { buildOverview } from './overview'
import { loadRates, parseRateCard, saveRateCard } from './rates'
import { refreshAnalytics } from './refresh'

/**
 * The analytics domain: the dashboard's figures and the rate card. Before every read the facts
 * of messages changed outside ingestion (the outbox's sends and failures) are brought up to date;
 * the same happens right after the outbox reports a change, so the rollups never wait for a view.
 */
export interface AnalyticsService {
  overview(input: ChannelParsedInput<'analytics:overview'>): AnalyticsOverview
  rateCard(): { card: RateCard | null }
  importRateCard(input: ChannelParsedInput<'analytics:import-rate-card'>): RateCard
  /** Brings the rollups up to date now (returns the conversations refreshed). */
  refresh(): number
  close(): void
}

export interface AnalyticsDeps {
  db: Db
  log: Logger
  /** Core events to follow (the outbox's changes); absent in tests that call refresh(). */
  events?: { subscribe(listener: EventListener): () => void }
  now?: () => number
}

const MAX_DAYS = 1_100
const REFRESH_ON = new Set(['outbox:changed', 'messages:status-changed'])

export function createAnalyticsService(deps: AnalyticsDeps): AnalyticsService {
  const { db, log } = deps
  const now = deps.now ?? Date.now
  const refresh = () => refreshAnalytics(db)
  let scheduled = false
  const unsubscribe =
    deps.events?.subscribe((event) => {
      if (!REFRESH_ON.has(event) || scheduled) return
      scheduled = true
      setImmediate(() => {
        scheduled = false
        try {
          refresh()
        } catch (error) {
          log.error('analytics.refresh-failed', { error })
        }
      })
    }) ?? (() => {})
  refresh()
  return {
    overview(input) {
      const span = (Date.parse(input.to) - Date.parse(input.from)) / 86_400_000
      if (span < 0)
        throw new AppError(
          'VALIDATION',
          `The range ends (${input.to}) before it starts (${input.from}).`,
        )
      if (span > MAX_DAYS)
        throw new AppError('VALIDATION', `The range is over ${MAX_DAYS} days.`, {
          fix: 'Choose a shorter range.',
        })
      refresh()
      return buildOverview(db, input)
    },
    rateCard: () => ({ card: loadRates(db).card }),
    importRateCard(input) {
      const lines = parseRateCard(input.csv, input.currency)
      saveRateCard(db, { currency: input.currency, fileName: input.fileName ?? null, lines }, now())
      log.info('analytics.rate-card-imported', { currency: input.currency, rates: lines.length })
      return loadRates(db).card!
    },
    refresh,
    close: unsubscribe,
  }
}
