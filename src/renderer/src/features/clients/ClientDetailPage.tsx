import type { ClientDetail } from '@shared/contract/onboarding'
import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { ConfirmDialog } from '../../components/ConfirmDialog'
import { ErrorNotice } from '../../components/ErrorNotice'
import { PageHeader } from '../../components/PageHeader'
import { clientDetailQuery } from '../../queries/clients-queries'
import { KnowledgeBaseLink } from '../knowledge/KnowledgeBaseLink'
import { TemplatesLink } from '../templates/TemplatesLink'
import { AiPolicyPanel } from '../review/AiPolicyPanel'
import { hrefFor } from '../shell/routes'
import { ClientHistory } from './ClientHistory'
import { BillingAndWebhooks, ClientIds, PhoneSection, TokenSection } from './ClientHealth'
import { clientStateLabels, stateTone } from './labels'
import { OffboardingStatus } from './OffboardingStatus'
import { PinForm } from './PinForm'
import { startSignup } from './signup-flow'
import { useSignupStore } from './signup-store'
import { StepList } from './StepList'
import { RetryButton } from './RetryButton'
import { useCheckHealth, useOffboard } from './useClientActions'

function Actions({ client }: { client: ClientDetail }) {
  const [confirming, setConfirming] = useState(false)
  const offboard = useOffboard(client.id)
  const health = useCheckHealth(client.id)
  const name = client.name ?? client.wabaId
  return (
    <div className="stack">
      <div className="actions" role="group" aria-label="Client actions">
        {client.actions.retry ? <RetryButton clientId={client.id} primary /> : null}
        {client.actions.reauthorize ? (
          <button
            type="button"
            className="button button--primary"
            onClick={() => void startSignup({ clientId: client.id })}
          >
            Re-authorize (run signup again)
          </button>
        ) : null}
        {client.state !== 'offboarded' ? (
          <button
            type="button"
            className="button button--secondary"
            onClick={() => health.mutate()}
            disabled={health.isPending}
          >
            {health.isPending ? 'Checking…' : 'Check health now'}
          </button>
        ) : null}
        {client.actions.offboard ? (
          <button
            type="button"
            className="button button--danger-outline"
            onClick={() => setConfirming(true)}
            disabled={offboard.isPending}
          >
            {offboard.isPending ? 'Offboarding…' : 'Offboard'}
          </button>
        ) : null}
      </div>
      {health.isError ? <ErrorNotice error={health.error} title="Could not check health" /> : null}
      {offboard.isError ? <ErrorNotice error={offboard.error} title="Could not offboard" /> : null}
      <ConfirmDialog
        open={confirming}
        title={`Offboard ${name}?`}
        body="The console unsubscribes its webhooks, revokes the credit line, deregisters the phone number and deletes its token and PIN from the OS keychain. Its history stays for inspection. To work with this client again, onboard it anew."
        confirmLabel="Offboard client"
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false)
          offboard.mutate()
        }}
        testId="offboard-confirm"
      />
    </div>
  )
}

/** Shows the signup started from this page (re-authorize) while it is under way. */
function ReauthorizeStatus({ clientId }: { clientId: string }) {
  const phase = useSignupStore((store) => store.current)
  if (!('clientId' in phase) || phase.clientId !== clientId) return null
  if (phase.phase === 'failed')
    return <ErrorNotice error={phase.error} title="Re-authorization failed" />
  if (phase.phase === 'in-popup' || phase.phase === 'in-window' || phase.phase === 'starting') {
    return <p role="status">Waiting for the client to finish Embedded Signup…</p>
  }
  return null
}

/** `#/clients/<id>`: everything the console knows about one client, and what staff can do. */
export function ClientDetailPage({ clientId }: { clientId: string }) {
  const detail = useQuery(clientDetailQuery(clientId))
  const client = detail.data

  return (
    <>
      <p className="back-link">
        <a href={hrefFor('clients')}>← All clients</a>
      </p>
      <PageHeader title={client ? (client.name ?? `WABA ${client.wabaId}`) : 'Client'}>
        {client ? (
          <span data-testid="client-detail-state" data-state={client.state}>
            <span className={`status-pill status-pill--${stateTone[client.state]}`}>
              {clientStateLabels[client.state]}
            </span>
            {client.paused ? ' Sending is paused until the client re-authorizes.' : null}
          </span>
        ) : null}
      </PageHeader>
      {detail.isError ? (
        <ErrorNotice
          error={detail.error}
          title="Could not load the client"
          onRetry={() => detail.refetch()}
        />
      ) : null}
      {detail.isPending ? <p className="muted">Loading the client…</p> : null}
      {client ? (
        <div className="stack stack--loose" data-testid="client-detail">
          {client.warnings.length > 0 ? (
            <ul className="notice notice--warning" aria-label="Warnings">
              {client.warnings.map((warning) => (
                <li key={warning}>{warning}</li>
              ))}
            </ul>
          ) : null}
          <Actions client={client} />
          <ReauthorizeStatus clientId={client.id} />
          <ClientIds client={client} />
          <KnowledgeBaseLink clientId={client.id} />
          <TemplatesLink clientId={client.id} />
          {client.state !== 'offboarded' ? <AiPolicyPanel clientId={client.id} /> : null}
          <section className="panel" aria-labelledby="client-steps">
            <h2 className="panel__title" id="client-steps">
              Onboarding steps
            </h2>
            <StepList steps={client.steps} label="Onboarding steps" />
            {client.actions.setPin ? <PinForm client={client} /> : null}
          </section>
          <TokenSection token={client.token} />
          <PhoneSection phone={client.phone} />
          <BillingAndWebhooks client={client} />
          {client.offboarding ? <OffboardingStatus offboarding={client.offboarding} /> : null}
          <ClientHistory history={client.history} />
        </div>
      ) : null}
    </>
  )
}
