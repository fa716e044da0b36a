import { UNASSIGNED } from '@shared/contract/messaging'
import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { ErrorNotice } from '../../components/ErrorNotice'
import { PageHeader } from '../../components/PageHeader'
import { overviewQuery } from './analytics-queries'
import { ClientsSection } from './ClientsSection'
import { CostSection } from './CostSection'
import { DraftsSection } from './DraftsSection'
import { FailuresSection } from './FailuresSection'
import { lastDays } from './format'
import { ResponsesSection } from './ResponsesSection'
import { TemplatesSection } from './TemplatesSection'
import { useAnalyticsRefresh } from './useAnalyticsRefresh'
import { VolumeSection } from './VolumeSection'
import './analytics.css'

const PRESETS = [7, 30, 90] as const

/** `#/analytics`: volumes, delivery, response times, AI reviews, templates and cost. */
export function AnalyticsPage() {
  const [range, setRange] = useState(() => lastDays(30))
  const [clientId, setClientId] = useState('')
  const filter = { ...range, ...(clientId ? { clientId } : {}) }
  const overview = useQuery(overviewQuery(filter))
  useAnalyticsRefresh()
  const clients = overview.data?.clients ?? []
  return (
    <>
      <PageHeader title="Analytics">
        Per client and across clients, from the records on this computer (UTC days).
      </PageHeader>
      <form
        className="filters analytics-filters"
        aria-label="Range and client"
        onSubmit={(e) => e.preventDefault()}
      >
        <label className="field">
          <span>From</span>
          <input
            type="date"
            value={range.from}
            max={range.to}
            required
            onChange={(e) =>
              e.currentTarget.value && setRange({ ...range, from: e.currentTarget.value })
            }
          />
        </label>
        <label className="field">
          <span>To</span>
          <input
            type="date"
            value={range.to}
            min={range.from}
            required
            onChange={(e) =>
              e.currentTarget.value && setRange({ ...range, to: e.currentTarget.value })
            }
          />
        </label>
        <div className="analytics-filters__presets" role="group" aria-label="Quick ranges">
          {PRESETS.map((days) => (
            <button
              key={days}
              type="button"
              className="button button--ghost button--small"
              onClick={() => setRange(lastDays(days))}
            >
              Last {days} days
            </button>
          ))}
        </div>
        <label className="field">
          <span>Client</span>
          <select value={clientId} onChange={(e) => setClientId(e.currentTarget.value)}>
            <option value="">All clients</option>
            {clients.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
            <option value={UNASSIGNED}>Unassigned numbers</option>
          </select>
        </label>
      </form>
      {overview.isError ? (
        <ErrorNotice
          error={overview.error}
          title="Could not load the figures"
          onRetry={() => void overview.refetch()}
        />
      ) : null}
      {overview.isPending ? (
        <p className="muted" role="status">
          Loading figures…
        </p>
      ) : null}
      {overview.data ? (
        <div className="stack stack--loose analytics" data-testid="analytics-page">
          <VolumeSection overview={overview.data} />
          <ClientsSection overview={overview.data} />
          <FailuresSection overview={overview.data} />
          <ResponsesSection overview={overview.data} />
          <DraftsSection overview={overview.data} />
          <TemplatesSection overview={overview.data} />
          <CostSection overview={overview.data} />
        </div>
      ) : null}
    </>
  )
}
