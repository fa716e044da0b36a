/**
 * The onboarding domain's channel and event names (zod-free, for the preload): Embedded Signup,
 * the per-client pipeline, and the clients it produces. Schemas are in onboarding.ts.
 */
export const onboardingNames = {
  channels: [
    'onboarding:begin-signup',
    'onboarding:submit-signup',
    'onboarding:sessions',
    'onboarding:retry',
    'onboarding:set-pin',
    'clients:list',
    'clients:get',
    'clients:offboard',
    'clients:check-health',
  ],
  events: ['onboarding:progress', 'clients:changed'],
} as const
