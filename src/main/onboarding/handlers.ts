import type { ChannelsOf } from '@shared/contract/names'
import type { onboardingNames } from '@shared/contract/onboarding.names'
import { actorOf } from '../handlers/actor'
import type { HandlersFor } from '../router'
import type { OnboardingService } from './service'

/** Thin: validated input in, the onboarding service does the work, the actor goes to the audit trail. */
export function onboardingHandlers({
  onboarding,
}: {
  onboarding: OnboardingService
}): HandlersFor<ChannelsOf<typeof onboardingNames>> {
  return {
    'onboarding:begin-signup': async (input, ctx) => onboarding.beginSignup(input, actorOf(ctx)),
    'onboarding:submit-signup': async (input, ctx) => onboarding.submitSignup(input, actorOf(ctx)),
    'onboarding:sessions': async ({ limit }) => onboarding.sessions(limit),
    'onboarding:retry': async ({ clientId }, ctx) => onboarding.retry(clientId, actorOf(ctx)),
    'onboarding:set-pin': async ({ clientId, pin }, ctx) =>
      onboarding.setPin(clientId, pin, actorOf(ctx)),
    'clients:list': async (filter) => onboarding.list(filter),
    'clients:get': async ({ clientId }) => onboarding.detail(clientId),
    'clients:offboard': async ({ clientId }, ctx) => onboarding.offboard(clientId, actorOf(ctx)),
    'clients:check-health': async ({ clientId }, ctx) =>
      onboarding.checkHealth(clientId, actorOf(ctx)),
  }
}
