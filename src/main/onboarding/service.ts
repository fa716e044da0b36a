import { AppError } from '@shared/contract/errors'
import type { ChannelOutput, ChannelParsedInput } from '@shared/contract/channels'

/** What the onboarding handlers call. */
export interface OnboardingService {
  beginSignup(
    input: ChannelParsedInput<'onboarding:begin-signup'>,
    actor: string,
  ): Promise<ChannelOutput<'onboarding:begin-signup'>>
  submitSignup(
    input: ChannelParsedInput<'onboarding:submit-signup'>,
    actor: string,
  ): Promise<ChannelOutput<'onboarding:submit-signup'>>
  sessions(limit?: number): Promise<ChannelOutput<'onboarding:sessions'>>
  retry(clientId: string, actor: string): Promise<ChannelOutput<'onboarding:retry'>>
  setPin(clientId: string, pin: string, actor: string): Promise<ChannelOutput<'onboarding:set-pin'>>
  list(filter: ChannelParsedInput<'clients:list'>): Promise<ChannelOutput<'clients:list'>>
  detail(clientId: string): Promise<ChannelOutput<'clients:get'>>
  offboard(clientId: string, actor: string): Promise<ChannelOutput<'clients:offboard'>>
  checkHealth(
    clientId: string | undefined,
    actor: string,
  ): Promise<ChannelOutput<'clients:check-health'>>
}

/** Placeholder until the pipeline lands: every call says so. */
export function unavailableOnboarding(): OnboardingService {
  const notYet = async (): Promise<never> => {
    throw new AppError('UNAVAILABLE', 'Client onboarding is not available in this build yet.', {
      retryable: false,
    })
  }
  return {
    beginSignup: notYet,
    submitSignup: notYet,
    sessions: notYet,
    retry: notYet,
    setPin: notYet,
    list: notYet,
    detail: notYet,
    offboard: notYet,
    checkHealth: notYet,
  }
}
