import { z } from 'zod'
import { submitSignupInputSchema, type SubmitSignupInput } from '@shared/contract/onboarding'
import type { OnboardingDeps } from './deps'

/** The audit trail's actor for results the relay delivered (no staff member submitted them). */
export const RELAY_SIGNUP_ACTOR = 'system:relay-signup'

/**
 * A `signup-result` frame as the relay sends it (src/shared/relay/protocol.ts). The tunnel checks
 * the frame's shape already; onboarding checks it again at its own edge, then as a submit input.
 */
const relayResultSchema = z.object({
  state: z.string(),
  code: z.string().nullable(),
  events: z.array(z.unknown()),
})

/**
 * Live mode (docs/onboarding.md): the launcher page runs on the relay's public origin and POSTs
 * its result there; the relay sends it over the tunnel to this desktop only. Each result goes to
 * the same submit as the browser popup's and the signup window's, when it names an attempt this
 * desktop began and has not finished (a copy arriving while one is submitted shares its outcome:
 * see the service). Returns the unsubscribe.
 */
export function acceptRelaySignupResults(
  deps: OnboardingDeps,
  submit: (input: SubmitSignupInput, actor: string) => Promise<unknown>,
): () => void {
  if (!deps.signupRelay) return () => undefined
  return deps.signupRelay.onSignupResult((frame) => {
    const input = relaySubmitInput(deps, frame)
    if (!input) return
    void submit(input, RELAY_SIGNUP_ACTOR).then(
      () => deps.log.info('onboarding.relay-signup-submitted', { signupId: input.sessionId }),
      // Already recorded on the session (and audited) by submit; staff see it on the Clients page.
      (error: unknown) =>
        deps.log.warn('onboarding.relay-signup-failed', { signupId: input.sessionId, error }),
    )
  })
}

/** The submit input for a relay result, or null (logged) when it is malformed or names no open attempt. */
export function relaySubmitInput(deps: OnboardingDeps, frame: unknown): SubmitSignupInput | null {
  const result = relayResultSchema.safeParse(frame)
  const input = result.success
    ? submitSignupInputSchema.safeParse({
        sessionId: result.data.state,
        code: result.data.code,
        events: result.data.events,
      })
    : result
  if (!input.success) {
    deps.log.warn('onboarding.relay-signup-refused', {
      reason: 'malformed',
      issue: input.error.issues[0]?.message ?? 'invalid',
    })
    return null
  }
  const signup = deps.signups.get(input.data.sessionId)
  if (!signup || signup.status !== 'open') {
    // The state is the attempt's capability: never logged, only whether it matched.
    deps.log.warn('onboarding.relay-signup-refused', {
      reason: signup ? 'the attempt is finished' : 'no attempt of this desktop has that state',
    })
    return null
  }
  return input.data
}
