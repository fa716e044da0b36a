import { AppError } from '@shared/contract/errors'
import { registerSecret } from '@shared/redact'
import type { Logger } from '../logger'
import type { SecretStore } from '../secrets/secret-store'
import type { SettingsService } from '../settings/settings-service'
import type { KnowledgeIndexCache } from './kb-index'
import { createLocalDrafter } from './local-drafter'
import type { OpenAiProviderConfig } from './openai/openai-provider'
import type { DraftProvider } from './provider'

/** The OpenAI-compatible provider's timeouts and retries, when not the defaults (tests). */
export type OpenAiTuning = Pick<OpenAiProviderConfig, 'timeouts' | 'retry'>

export const DEFAULT_AI_BASE_URL = 'https://api.openai.com/v1'
export const DEFAULT_AI_MODEL = 'gpt-4o-mini'
export const AI_API_KEY_ACCOUNT = 'ai-api-key'

const LOOPBACK = /^(localhost|127(\.\d+){3}|\[::1\]|::1)$/i

/**
 * The OpenAI-compatible provider's configuration from settings (AI_BASE_URL, AI_MODEL,
 * AI_REDACT) and the keychain (`ai-api-key`, read at the moment of use). A server on this machine
 * (Ollama, LM Studio, vLLM) may go without a key; a remote one may not.
 */
export async function openAiConfig(
  settings: Pick<SettingsService, 'get'>,
  secrets: Pick<SecretStore, 'get'>,
): Promise<OpenAiProviderConfig> {
  const baseUrl = settings.get('aiBaseUrl') ?? DEFAULT_AI_BASE_URL
  const apiKey = await secrets.get(AI_API_KEY_ACCOUNT)
  registerSecret(apiKey)
  if (!apiKey && !LOOPBACK.test(new URL(baseUrl).hostname))
    throw new AppError('CONFIG', `The AI server at ${new URL(baseUrl).host} needs an API key.`, {
      retryable: false,
      fix: 'Set it under Settings → Secrets → AI API key (or AI_API_KEY in .env).',
    })
  return {
    baseUrl,
    model: settings.get('aiModel') ?? DEFAULT_AI_MODEL,
    apiKey,
    redact: (settings.get('aiRedaction') ?? 'on') === 'on',
  }
}

/**
 * The provider the settings choose (AI_PROVIDER: `local`, the default, or `openai`), built per
 * draft so a changed setting or key applies to the next one.
 */
export async function configuredProvider(deps: {
  settings: Pick<SettingsService, 'get'>
  secrets: Pick<SecretStore, 'get'>
  cache: KnowledgeIndexCache
  log: Logger
  /** Shorter timeouts and retries (tests). */
  tuning?: OpenAiTuning
}): Promise<DraftProvider> {
  if ((deps.settings.get('aiProvider') ?? 'local') !== 'openai')
    return createLocalDrafter(deps.cache)
  const config = await openAiConfig(deps.settings, deps.secrets)
  // The openai package (~130 ms to load) only when it is the configured provider.
  const { createOpenAiProvider } = await import('./openai/openai-provider')
  return createOpenAiProvider(
    { ...config, ...deps.tuning },
    {
      cache: deps.cache,
      log: deps.log,
    },
  )
}
