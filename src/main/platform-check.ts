import type { ConnectionCheck } from '@shared/contract/channels'
import { AppError } from '@shared/contract/errors'
import type { Platform } from './platform'

type Check = ConnectionCheck['checks'][number]

const REQUIRED_SCOPES = [
  'business_management',
  'whatsapp_business_management',
  'whatsapp_business_messaging',
]

const failed = (id: Check['id'], label: string, error: unknown): Check => {
  const e = AppError.is(error) ? error : new AppError('INTERNAL', String(error))
  return { id, label, status: 'error', message: e.message, ...(e.fix ? { fix: e.fix } : {}) }
}

/**
 * Asks the platform in use (Meta or the sandbox) whether the partner's setup works: the app's
 * credentials (by having the app inspect the system user token), that token's validity and
 * permissions, and that the credit line belongs to the partner's portfolio. Each check reports on
 * its own, so one problem does not hide the others.
 */
export async function checkPlatform(platform: Platform): Promise<ConnectionCheck> {
  const checks: Check[] = []
  const systemUserToken: string | null | Error = await platform.secrets
    .get('system-user-token')
    .catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))))
  const appLabel = 'Meta app credentials'
  const tokenLabel = 'System user token'

  if (systemUserToken instanceof Error) {
    checks.push(
      failed('app', appLabel, systemUserToken),
      failed('system-user-token', tokenLabel, systemUserToken),
    )
  } else if (systemUserToken === null) {
    checks.push({
      id: 'app',
      label: appLabel,
      status: 'skipped',
      message: 'Checked through the system user token, which is not set.',
    })
    checks.push({
      id: 'system-user-token',
      label: tokenLabel,
      status: 'error',
      message: 'No system user token is configured.',
      fix: 'Set it in Settings → Secrets (FACEBOOK_SYSTEM_USER_TOKEN); it shares the credit line with clients.',
    })
  } else {
    try {
      const data = await platform.graph.onboarding.debugToken(systemUserToken)
      checks.push({
        id: 'app',
        label: appLabel,
        status: 'ok',
        message: `App ${platform.appId()} is recognised.`,
      })
      const missing = REQUIRED_SCOPES.filter((scope) => !data.scopes.includes(scope))
      if (!data.is_valid) {
        checks.push({
          id: 'system-user-token',
          label: tokenLabel,
          status: 'error',
          message: 'The system user token is no longer valid.',
          fix: 'Generate a new token for the system user in Business Settings and save it here.',
        })
      } else if (missing.length > 0) {
        checks.push({
          id: 'system-user-token',
          label: tokenLabel,
          status: 'warning',
          message: `Valid, but without ${missing.join(', ')}.`,
          fix: 'Generate the token again with these permissions.',
        })
      } else {
        const expires = data.expires_at
          ? `expires ${new Date(data.expires_at * 1000).toISOString().slice(0, 10)}`
          : 'never expires'
        checks.push({
          id: 'system-user-token',
          label: tokenLabel,
          status: 'ok',
          message: `Valid (${data.type ?? 'token'}, ${expires}).`,
        })
      }
    } catch (error) {
      checks.push(failed('app', appLabel, error), failed('system-user-token', tokenLabel, error))
    }
  }

  const creditLabel = 'Credit line'
  const businessId = platform.businessId()
  const creditLineId = platform.creditLineId()
  if (!businessId || !creditLineId) {
    checks.push({
      id: 'credit-line',
      label: creditLabel,
      status: 'skipped',
      message: 'Needs the partner business portfolio ID and the credit line ID.',
      fix: 'Set FACEBOOK_BUSINESS_ID and FACEBOOK_CREDIT_LINE_ID in Settings.',
    })
  } else if (typeof systemUserToken !== 'string') {
    checks.push({
      id: 'credit-line',
      label: creditLabel,
      status: 'skipped',
      message: 'Needs a working system user token.',
    })
  } else {
    try {
      const lines = await platform.graph.credit.extendedCredits(businessId)
      checks.push(
        lines.data.some((line) => line.id === creditLineId)
          ? {
              id: 'credit-line',
              label: creditLabel,
              status: 'ok',
              message: `Credit line ${creditLineId} belongs to portfolio ${businessId}.`,
            }
          : {
              id: 'credit-line',
              label: creditLabel,
              status: 'error',
              message: `Portfolio ${businessId} has no credit line ${creditLineId}.`,
              fix: 'Check FACEBOOK_CREDIT_LINE_ID against Business Settings → Payments.',
            },
      )
    } catch (error) {
      checks.push(failed('credit-line', creditLabel, error))
    }
  }

  return {
    mode: platform.mode,
    graphBaseUrl: platform.graphBaseUrl(),
    graphApiVersion: platform.graphApiVersion(),
    checkedAt: new Date().toISOString(),
    checks,
  }
}
