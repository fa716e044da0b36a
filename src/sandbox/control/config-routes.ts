import { configPatchSchema, mergeConfig, partnerIdsClash, type SandboxConfig } from '../config'
import type { Handshake } from '../wiring/handshake'
import type { World } from '../world/world'

/**
 * `POST /_sandbox/config`. Setting `callback_url` (or the verify token it is checked with) runs
 * Meta's verification GET first, as the App Dashboard does, and the config is left unchanged
 * when the endpoint does not echo `hub.challenge` (https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/create-webhook-endpoint).
 */
export class ControlError extends Error {
  constructor(
    message: string,
    readonly details?: unknown,
    readonly status = 400,
  ) {
    super(message)
  }
}

export async function updateConfig(
  world: World,
  handshake: Handshake,
  body: unknown,
): Promise<SandboxConfig> {
  const parsed = configPatchSchema.safeParse(body)
  if (!parsed.success) throw new ControlError('Invalid config', issuesOf(parsed.error.issues))
  const patch = parsed.data
  const next = mergeConfig(world.config, patch)
  const clash = partnerIdsClash(next)
  if (clash) throw new ControlError(clash)
  const callbackChanged = patch.callback_url !== undefined || patch.verify_token !== undefined
  if (callbackChanged && next.callback_url !== null) {
    const result = await handshake(next.callback_url, next.verify_token)
    if (!result.ok) {
      throw new ControlError(`Callback verification failed: ${result.reason}`, {
        callback_url: next.callback_url,
        ...(result.status === undefined ? {} : { status: result.status }),
        hint: 'The callback must answer the GET with HTTP 200 and the hub.challenge value as the body, after checking hub.verify_token.',
      })
    }
  }
  // The world keeps the same config object (everything reads it live), so it is updated in place.
  Object.assign(world.config, next)
  if (patch.time_scale !== undefined) world.clock.setTimeScale(patch.time_scale)
  return world.config
}

export function issuesOf(issues: readonly { path: readonly PropertyKey[]; message: string }[]) {
  return issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }))
}
