import type { ClientDetail, TokenHealth } from '@shared/contract/onboarding'
import type { ReactNode } from 'react'
import { formatTime } from './labels'

const tokenText: Record<TokenHealth['status'], { text: string; tone: string }> = {
  valid: { text: 'Valid', tone: 'ok' },
  expiring: { text: 'Expires soon', tone: 'warning' },
  invalid: { text: 'Expired or revoked', tone: 'error' },
  missing: { text: 'Missing', tone: 'error' },
  unknown: { text: 'Not checked yet', tone: 'off' },
}

function Fact({
  label,
  children,
  testId,
}: {
  label: string
  children: ReactNode
  testId?: string
}) {
  return (
    <div className="facts__row">
      <dt>{label}</dt>
      <dd data-testid={testId}>{children}</dd>
    </div>
  )
}

const orDash = (value: string | null | undefined) => value ?? <span className="muted">—</span>

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="panel" aria-labelledby={id}>
      <h2 className="panel__title" id={id}>
        {title}
      </h2>
      {children}
    </section>
  )
}

/** The ids Meta knows this client by. */
export function ClientIds({ client }: { client: ClientDetail }) {
  return (
    <Section id="client-ids" title="Identifiers">
      <dl className="facts">
        <Fact label="WhatsApp Business account" testId="client-waba-id">
          <code>{client.wabaId}</code>
        </Fact>
        <Fact label="Phone number ID" testId="client-phone-number-id">
          {client.phoneNumberId ? <code>{client.phoneNumberId}</code> : orDash(null)}
        </Fact>
        <Fact label="Business portfolio" testId="client-business-id">
          {client.businessId ? <code>{client.businessId}</code> : orDash(null)}
        </Fact>
        <Fact label="Signup finished with">
          <code>{client.signupFinish}</code>
        </Fact>
        <Fact label="Added">{formatTime(client.createdAt)}</Fact>
        <Fact label="Onboarded">{formatTime(client.onboardedAt)}</Fact>
        {client.offboardedAt ? (
          <Fact label="Offboarded">{formatTime(client.offboardedAt)}</Fact>
        ) : null}
      </dl>
    </Section>
  )
}

/** The business token's health from debug_token, with its expiry. */
export function TokenSection({ token }: { token: TokenHealth }) {
  const status = tokenText[token.status]
  return (
    <Section id="client-token" title="Business token">
      <dl className="facts">
        <Fact label="Status" testId="token-status">
          <span className={`status-pill status-pill--${status.tone}`}>{status.text}</span>
          {token.message ? <span>{token.message}</span> : null}
        </Fact>
        <Fact label="Expires" testId="token-expires">
          {token.expiresAt ? formatTime(token.expiresAt) : token.status === 'valid' ? 'Never' : '—'}
        </Fact>
        <Fact label="Data access expires">{formatTime(token.dataAccessExpiresAt)}</Fact>
        <Fact label="Permissions">
          {token.scopes.length > 0
            ? token.scopes.map((scope) => <code key={scope}>{scope}</code>)
            : '—'}
        </Fact>
        <Fact label="Checked">{formatTime(token.checkedAt)}</Fact>
      </dl>
      <p className="muted">The token itself stays in the OS keychain; it is never shown here.</p>
    </Section>
  )
}

/** The phone number's quality, messaging tier, name status and throughput. */
export function PhoneSection({ phone }: { phone: ClientDetail['phone'] }) {
  return (
    <Section id="client-phone" title="Phone number">
      {phone ? (
        <dl className="facts">
          <Fact label="Number" testId="phone-number">
            {orDash(phone.displayPhoneNumber)}
          </Fact>
          <Fact label="Verified name">{orDash(phone.verifiedName)}</Fact>
          <Fact label="Quality rating" testId="phone-quality">
            {orDash(phone.qualityRating)}
          </Fact>
          <Fact label="Messaging limit" testId="phone-tier">
            {orDash(phone.messagingLimitTier)}
          </Fact>
          <Fact label="Name status" testId="phone-name-status">
            {orDash(phone.nameStatus)}
          </Fact>
          <Fact label="Throughput" testId="phone-throughput">
            {orDash(phone.throughputLevel)}
          </Fact>
          <Fact label="Code verification">{orDash(phone.codeVerificationStatus)}</Fact>
          <Fact label="Status">{orDash(phone.status)}</Fact>
          <Fact label="Checked">{formatTime(phone.checkedAt)}</Fact>
        </dl>
      ) : (
        <p className="muted">
          No phone number yet. The client finished signup without one; add it in WhatsApp Manager,
          then retry registration.
        </p>
      )}
    </Section>
  )
}

/** The WABA's webhook subscription and the shared credit line. */
export function BillingAndWebhooks({ client }: { client: ClientDetail }) {
  const { subscription, creditAllocation } = client
  return (
    <Section id="client-links" title="Webhooks and credit line">
      <dl className="facts">
        <Fact label="Webhook subscription" testId="client-subscription">
          {subscription ? (
            <>
              <span
                className={`status-pill status-pill--${subscription.subscribed ? 'ok' : 'off'}`}
              >
                {subscription.subscribed ? 'Subscribed' : 'Not subscribed'}
              </span>
              {subscription.overrideCallbackUri ? (
                <code>{subscription.overrideCallbackUri}</code>
              ) : null}
              <span className="muted">verified {formatTime(subscription.verifiedAt)}</span>
            </>
          ) : (
            orDash(null)
          )}
        </Fact>
        <Fact label="Credit allocation" testId="client-credit">
          {creditAllocation ? (
            <>
              <span
                className={`status-pill status-pill--${creditAllocation.revoked ? 'off' : creditAllocation.verified ? 'ok' : 'warning'}`}
              >
                {creditAllocation.revoked
                  ? 'Revoked'
                  : creditAllocation.verified
                    ? 'Shared'
                    : 'Not verified'}
              </span>
              {creditAllocation.allocationConfigId ? (
                <code>{creditAllocation.allocationConfigId}</code>
              ) : null}
              {creditAllocation.currency ? <span>{creditAllocation.currency}</span> : null}
              <span className="muted">verified {formatTime(creditAllocation.verifiedAt)}</span>
            </>
          ) : (
            orDash(null)
          )}
        </Fact>
      </dl>
    </Section>
  )
}
