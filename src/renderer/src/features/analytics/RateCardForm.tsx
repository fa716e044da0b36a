import type { AnalyticsOverview } from '@shared/contract/analytics'
import { useState, type FormEvent } from 'react'
import { ErrorNotice } from '../../components/ErrorNotice'
import { useImportRateCard } from './analytics-queries'

/** Imports the partner's rate card (CSV, in the credit line's currency); replaces the previous. */
export function RateCardForm({ current }: { current: AnalyticsOverview['cost']['rateCard'] }) {
  const [currency, setCurrency] = useState(current?.currency ?? 'USD')
  const [file, setFile] = useState<File | null>(null)
  const importCard = useImportRateCard()
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (!file) return
    importCard.mutate({ csv: await file.text(), currency, fileName: file.name })
  }
  return (
    <form className="rate-card-form" onSubmit={(e) => void submit(e)} aria-label="Rate card">
      <h3 className="rate-card-form__title">Rate card</h3>
      <p className="muted">
        CSV with <code>market,category,rate</code> rows, or a <code>market</code> column and one
        column per category (marketing, utility, authentication, authentication-international,
        service). Markets are Meta&apos;s (India, Rest of Africa, North America, Other…) or one
        country, which overrides its region.
        {current
          ? ` Current: ${current.rates} rates in ${current.currency}${current.fileName ? ` from ${current.fileName}` : ''}.`
          : ' No rate card yet.'}
      </p>
      <div className="rate-card-form__row">
        <label className="field">
          <span>CSV file</span>
          <input
            type="file"
            accept=".csv,text/csv"
            onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)}
          />
        </label>
        <label className="field">
          <span>Currency of the credit line</span>
          <input
            value={currency}
            onChange={(e) => setCurrency(e.currentTarget.value.toUpperCase())}
            maxLength={3}
            size={5}
            aria-describedby="currency-hint"
          />
        </label>
        <button
          type="submit"
          className="button button--primary"
          disabled={!file || importCard.isPending}
        >
          {importCard.isPending ? 'Importing…' : 'Import rate card'}
        </button>
      </div>
      <p id="currency-hint" className="visually-hidden">
        Three letters, as ISO 4217: USD, EUR, INR…
      </p>
      {importCard.isError ? (
        <ErrorNotice error={importCard.error} title="The rate card was not imported" />
      ) : null}
      {importCard.isSuccess ? (
        <p className="field-success" role="status">
          Imported {importCard.data.rates} rates in {importCard.data.currency}.
        </p>
      ) : null}
    </form>
  )
}
