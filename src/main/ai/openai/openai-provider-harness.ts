import { join } from 'node:path'
import { draftSchema, type Draft } from '@shared/contract/ai'
import type { AppError } from '@shared/contract/errors'
import { createLogger } from '../../logger'
import { failure } from '../../test-support/failure'
import { tempDir } from '../../test-support/temp-dir'
import { bakeryKnowledge } from '../kb-fixtures'
import { createKnowledgeIndexCache } from '../kb-index'
import type { ConversationTurn } from '../provider'
import type { FakeBehaviour, FakeChatServer } from './fake-chat-server'
import { createOpenAiProvider, type OpenAiProviderConfig } from './openai-provider'

/** The provider's tests (openai-provider*.test.ts): the bakery's drafts against the fake chat server. */

export const KEY = 'sk-test-4f9a1c2e7b3d5a8f'
export const answer = (
  body: unknown,
  extra: Partial<Extract<FakeBehaviour, { kind: 'answer' }>> = {},
) => ({ kind: 'answer', content: JSON.stringify(body), ...extra }) as const

const CONVERSATION: ConversationTurn[] = [
  { direction: 'in', text: 'Hi! I am Ana, ana.silva@example.com, +351 912 345 678' },
  { direction: 'out', text: 'Hello Ana, how can we help?' },
]

export interface ProviderHarness {
  /** The provider's log (debug level). */
  logFile: string
  /** The waits between attempts the provider asked for (none recorded with realSleep). */
  waits: number[]
  /** The bakery's draft for `text` after CONVERSATION; `realSleep` really waits between attempts. */
  draft(text: string, config?: Partial<OpenAiProviderConfig>, realSleep?: boolean): Promise<Draft>
  /** The AppError that draft fails with. */
  failure(text: string, config?: Partial<OpenAiProviderConfig>): Promise<AppError>
  close(): void
}

/** A provider per test against `server` (its recorded requests cleared), logging to a fresh folder. */
export function providerHarness(server: FakeChatServer): ProviderHarness {
  const dir = tempDir()
  const logFile = join(dir.path, 'wapc.log')
  const waits: number[] = []
  server.requests.length = 0

  function provider(config: Partial<OpenAiProviderConfig> = {}, realSleep = false) {
    return createOpenAiProvider(
      {
        baseUrl: server.baseUrl,
        model: 'fake-model',
        apiKey: KEY,
        redact: true,
        timeouts: { firstByteMs: 400, idleMs: 400, totalMs: 5_000 },
        retry: { maxAttempts: 3, backoff: { baseMs: 10, capMs: 40 }, maxRetryAfterMs: 5_000 },
        ...config,
      },
      {
        cache: createKnowledgeIndexCache(),
        log: createLogger({ level: 'debug', file: logFile, console: false }),
        ...(realSleep
          ? {}
          : {
              sleep: async (ms: number) => {
                waits.push(ms)
              },
            }),
      },
    )
  }

  async function draft(
    text: string,
    config: Partial<OpenAiProviderConfig> = {},
    realSleep = false,
  ): Promise<Draft> {
    const result = await provider(config, realSleep).draft({
      client: { id: 'bakery', name: 'Padaria Flor' },
      conversation: CONVERSATION,
      inbound: { text },
      kb: bakeryKnowledge(),
    })
    return draftSchema.parse(result) satisfies Draft
  }

  return {
    logFile,
    waits,
    draft,
    failure: (text, config = {}) => failure(draft(text, config)),
    close: () => dir.cleanup(),
  }
}
