import { describe, expect, it } from 'vitest'
import type { SettingKey } from '@shared/contract/settings'
import { createKnowledgeIndexCache } from './kb-index'
import { silentLogger } from '../logger'
import {
  configuredProvider,
  DEFAULT_AI_BASE_URL,
  DEFAULT_AI_MODEL,
  openAiConfig,
} from './provider-config'

const settings = (values: Partial<Record<SettingKey, string>>) => ({
  get: (key: SettingKey) => values[key] ?? null,
})
const secrets = (key: string | null) => ({ get: async () => key })

describe('provider configuration', () => {
  it('defaults to OpenAI’s URL and model, masking contacts, with the keychain’s key', async () => {
    expect(await openAiConfig(settings({}), secrets('sk-abcdef123456'))).toEqual({
      baseUrl: DEFAULT_AI_BASE_URL,
      model: DEFAULT_AI_MODEL,
      apiKey: 'sk-abcdef123456',
      redact: true,
    })
  })

  it('lets a server on this machine (Ollama) go without a key, and turns masking off', async () => {
    const config = await openAiConfig(
      settings({ aiBaseUrl: 'http://localhost:11434/v1', aiModel: 'llama3.2', aiRedaction: 'off' }),
      secrets(null),
    )
    expect(config).toMatchObject({ apiKey: null, model: 'llama3.2', redact: false })
  })

  it('refuses a remote server without a key, saying where to set it', async () => {
    await expect(openAiConfig(settings({}), secrets(null))).rejects.toMatchObject({
      code: 'CONFIG',
      fix: expect.stringMatching(/AI API key/),
    })
  })

  it('chooses the local drafter unless AI_PROVIDER is openai', async () => {
    const deps = {
      cache: createKnowledgeIndexCache(),
      log: silentLogger,
      secrets: secrets('sk-abcdef123456'),
    }
    expect((await configuredProvider({ ...deps, settings: settings({}) })).kind).toBe('local')
    const remote = await configuredProvider({
      ...deps,
      settings: settings({ aiProvider: 'openai', aiModel: 'gpt-x' }),
    })
    expect(remote).toMatchObject({ kind: 'openai', model: 'gpt-x' })
  })
})
