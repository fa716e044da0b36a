import { AppError } from '@shared/contract/errors'
import type { Mode } from '@shared/contract/channels'

export interface ModeInputs {
  preference: 'auto' | 'sandbox' | 'live'
  facebookAppId: string | null
  hasAppSecret: boolean
}

/**
 * Sandbox unless a Meta app is configured. `WAPC_MODE` forces either; forcing live without the
 * credentials is an error rather than a console that cannot reach Meta.
 */
export function decideMode({ preference, facebookAppId, hasAppSecret }: ModeInputs): {
  mode: Mode
  reason: string
} {
  const configured = Boolean(facebookAppId) && hasAppSecret
  if (preference === 'sandbox')
    return {
      mode: 'sandbox',
      reason: 'WAPC_MODE=sandbox: running on the built-in WhatsApp sandbox.',
    }
  if (preference === 'live') {
    if (!configured) {
      throw new AppError(
        'CONFIG',
        'WAPC_MODE=live needs a Meta app: FACEBOOK_APP_ID and the app secret are not both configured.',
        {
          fix: 'Set FACEBOOK_APP_ID and FACEBOOK_APP_SECRET (the secret goes to the OS keychain), or use WAPC_MODE=auto.',
        },
      )
    }
    return { mode: 'live', reason: 'WAPC_MODE=live: talking to Meta with the configured app.' }
  }
  if (configured)
    return { mode: 'live', reason: `Meta app ${facebookAppId} is configured: talking to Meta.` }
  const missing = [facebookAppId ? null : 'FACEBOOK_APP_ID', hasAppSecret ? null : 'the app secret']
    .filter(Boolean)
    .join(' and ')
  return {
    mode: 'sandbox',
    reason: `No Meta app configured (${missing} missing): running on the built-in WhatsApp sandbox.`,
  }
}
