import type { analyticsNames } from '@shared/contract/analytics.names'
import type { ChannelsOf } from '@shared/contract/names'
import type { HandlersFor } from '../router'
import type { AnalyticsService } from './service'

/** Thin: validated input in, the analytics service answers from the rollups. */
export function analyticsHandlers({
  analytics,
}: {
  analytics: AnalyticsService
}): HandlersFor<ChannelsOf<typeof analyticsNames>> {
  return {
    'analytics:overview': async (input) => analytics.overview(input),
    'analytics:rate-card': async () => analytics.rateCard(),
    'analytics:import-rate-card': async (input) => analytics.importRateCard(input),
  }
}
