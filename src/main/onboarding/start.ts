import type { CoreEvents } from '../core-events'
import type { Logger } from '../logger'
import type { Platform } from '../platform'
import type { SettingsService } from '../settings/settings-service'
import type { AuditRepo } from '../store/audit-repo'
import { createClientsRepo } from '../store/clients-repo'
import type { Db } from '../store/database'
import { createOffboardingsRepo } from '../store/offboardings-repo'
import { createSignupsRepo } from '../store/signups-repo'
import { DEFAULT_TIMINGS, type OnboardingTimings, type SignupResultRelay } from './deps'
import { createOnboarding, type OnboardingRuntime } from './service'

export interface StartOnboardingDeps {
  db: Db
  audit: AuditRepo
  platform: Platform
  settings: SettingsService
  events: CoreEvents
  log: Logger
  /** The embedded sandbox's URL in sandbox mode (it serves the launcher page), else null. */
  sandboxUrl: string | null
  env: NodeJS.ProcessEnv
  /** The tunnel's signup routing (used in live mode, where the relay serves the launcher). */
  signupRelay: SignupResultRelay
  timings?: Partial<OnboardingTimings> | undefined
}

/** `SIGNUP_ORIGIN`: the partner's public HTTPS origin serving the launcher page in live mode. */
export function signupOrigin(env: NodeJS.ProcessEnv): string | null {
  const raw = env.SIGNUP_ORIGIN?.trim()
  if (!raw) return null
  try {
    const url = new URL(raw)
    return url.protocol === 'https:' ? url.origin : null
  } catch {
    return null
  }
}

/** Builds the onboarding domain for the core and resumes every unfinished pipeline. */
export function startOnboarding(deps: StartOnboardingDeps): OnboardingRuntime {
  const onboarding = createOnboarding({
    clients: createClientsRepo(deps.db),
    signups: createSignupsRepo(deps.db),
    offboardings: createOffboardingsRepo(deps.db),
    audit: deps.audit,
    platform: deps.platform,
    settings: deps.settings,
    events: deps.events,
    log: deps.log.child({ component: 'onboarding' }),
    launcherOrigin: () =>
      deps.platform.mode === 'sandbox' ? deps.sandboxUrl : signupOrigin(deps.env),
    signupRelay: deps.platform.mode === 'live' ? deps.signupRelay : null,
    timings: { ...DEFAULT_TIMINGS, ...deps.timings },
  })
  onboarding.start()
  return onboarding
}
