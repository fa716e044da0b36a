import OpenAI from 'openai'
import { FACT_ANY_LANGUAGE, type Draft, type DraftSource } from '@shared/contract/ai'
import { registerSecret } from '@shared/redact'
import type { Logger } from '../../logger'
import { handoverMessage } from '../guardrails'
import type { KnowledgeIndexCache } from '../kb-index'
import { UNDETERMINED } from '../language'
import { entrySource, factSource, handoffDraft } from '../local-drafter'
import { factFor, fillAnswer } from '../placeholders'
import type { DraftProvider, DraftRequest } from '../provider'
import { factRef, entryRef } from '../provider'
import { retrieve, type Retrieval } from '../retrieve'
import { MODEL_ANSWER_JSON_SCHEMA, parseModelAnswer } from './answer'
import { buildMessages, hashPrompt, type PromptEntry, type PromptFact } from './prompt'
import {
  DEFAULT_RETRY,
  DEFAULT_TIMEOUTS,
  streamCompletion,
  type CompletionBody,
  type RetryOptions,
  type Timeouts,
} from './stream-completion'

export interface OpenAiProviderConfig {
  /** e.g. https://api.openai.com/v1, http://127.0.0.1:11434/v1 (Ollama). Query parameters (Azure's api-version) are kept. */
  baseUrl: string
  model: string
  /** null: a local server that needs none (Ollama, LM Studio, vLLM without --api-key). */
  apiKey: string | null
  /** Mask phone numbers and emails in the conversation before it leaves. */
  redact: boolean
  /**
   * How the key is sent: `Authorization: Bearer` (OpenAI and most servers) or Azure OpenAI's
   * `api-key` header. Default: `api-key` for Azure hosts, else bearer.
   */
  auth?: 'bearer' | 'api-key'
  timeouts?: Partial<Timeouts>
  retry?: Partial<RetryOptions>
}

export interface OpenAiProviderDeps {
  cache: KnowledgeIndexCache
  log: Logger
  sleep?: (ms: number) => Promise<void>
  random?: () => number
}

/** How many retrieved entries and facts the prompt carries. */
export const PROMPT_ENTRIES = 8
export const PROMPT_FACTS = 60

const AZURE_HOST = /\.(openai\.azure\.com|cognitiveservices\.azure\.com|services\.ai\.azure\.com)$/i

/** The SDK client for an OpenAI-compatible server; Azure OpenAI takes its key as `api-key`. */
export function openAiClient(config: OpenAiProviderConfig): OpenAI {
  const url = new URL(config.baseUrl)
  const defaultQuery = Object.fromEntries(url.searchParams)
  url.search = ''
  const apiKeyHeader =
    (config.auth ?? (AZURE_HOST.test(url.hostname) ? 'api-key' : 'bearer')) === 'api-key'
  return new OpenAI({
    baseURL: url.toString().replace(/\/$/, ''),
    // The SDK insists on a key; servers that need none ignore the header.
    apiKey: config.apiKey ?? 'no-key',
    // Azure OpenAI takes the key as `api-key` (as the SDK's AzureOpenAI sends it), no bearer.
    ...(apiKeyHeader && config.apiKey
      ? { defaultHeaders: { 'api-key': config.apiKey, Authorization: null } }
      : {}),
    ...(Object.keys(defaultQuery).length > 0 ? { defaultQuery } : {}),
    maxRetries: 0,
    timeout: { ...DEFAULT_TIMEOUTS, ...config.timeouts }.totalMs,
    // Its logger would print stream chunks (customer text) on a parse error.
    logLevel: 'off',
  })
}

/** The retrieved entries the prompt offers (those whose facts are filled) and the facts. */
function promptKnowledge(request: DraftRequest, retrieval: Retrieval) {
  const language = retrieval.language ?? FACT_ANY_LANGUAGE
  const entries: PromptEntry[] = []
  const sources = new Map<string, DraftSource>()
  for (const { entry } of retrieval.matches) {
    const filled = fillAnswer(entry.answer, request.kb.facts, entry.language)
    if (filled.missing.length > 0) continue
    entries.push({
      ref: entryRef(entry),
      question: entry.question,
      variants: entry.variants,
      answer: filled.text,
    })
    sources.set(entryRef(entry), entrySource(entry))
  }
  const facts: PromptFact[] = []
  for (const key of [...new Set(request.kb.facts.map((fact) => fact.key))]) {
    const fact = factFor(request.kb.facts, key, language)
    if (!fact || facts.length >= PROMPT_FACTS) continue
    facts.push({ ref: factRef(key), key, value: fact.value })
    sources.set(factRef(key), factSource(key))
  }
  return { entries, facts, sources }
}

/**
 * Drafts with an OpenAI-compatible chat completions server (OpenAI, Azure OpenAI, Ollama, vLLM,
 * LM Studio). Messages a person must handle never leave (handoffDraft). The prompt carries the
 * client's best-matching knowledge-base entries (the local search) and facts; the model answers
 * `{reply, sources, handoff}` as JSON (structured output), validated, sources kept only when they
 * name what the prompt offered. Confidence: the local search's confidence for the message
 * (confidence.ts) when the reply cites an entry or fact, half of it when it cites none, 0 when
 * the reply is empty.
 */
export function createOpenAiProvider(
  config: OpenAiProviderConfig,
  deps: OpenAiProviderDeps,
): DraftProvider {
  // Whatever logs an error from here on must not print the key.
  registerSecret(config.apiKey)
  const client = openAiClient(config)
  const timeouts = { ...DEFAULT_TIMEOUTS, ...config.timeouts }
  const retry = { ...DEFAULT_RETRY, ...config.retry }
  const where = `The AI server at ${new URL(config.baseUrl).host}`

  async function draft(request: DraftRequest): Promise<Draft> {
    const handed = handoffDraft(request)
    if (handed) return handed
    const earlier = request.conversation.filter((t) => t.direction === 'in').map((t) => t.text)
    const retrieval = retrieve(
      deps.cache,
      request.kb,
      request.inbound.text,
      earlier,
      PROMPT_ENTRIES,
    )
    const knowledge = promptKnowledge(request, retrieval)
    const language =
      retrieval.detected.language !== UNDETERMINED
        ? retrieval.detected.language
        : (retrieval.language ?? UNDETERMINED)
    const messages = buildMessages({
      businessName: request.client.name,
      customerLanguage: language,
      entries: knowledge.entries,
      facts: knowledge.facts,
      conversation: request.conversation,
      inbound: request.inbound.text,
      redact: config.redact,
    })
    const body: CompletionBody = {
      model: config.model,
      messages,
      stream: true,
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'draft_reply', strict: true, schema: { ...MODEL_ANSWER_JSON_SCHEMA } },
      },
    }
    const promptHash = hashPrompt({
      model: body.model,
      messages,
      response_format: body.response_format,
    })
    const completion = await streamCompletion(
      client,
      body,
      { timeouts, retry, ...(request.signal ? { signal: request.signal } : {}) },
      {
        log: deps.log,
        where,
        ...(deps.sleep ? { sleep: deps.sleep } : {}),
        ...(deps.random ? { random: deps.random } : {}),
      },
    )
    const answer = parseModelAnswer(completion.text)
    const sources = [...new Set(answer.sources)].flatMap((ref) => {
      const source = knowledge.sources.get(ref)
      return source ? [source] : []
    })
    const reply = answer.reply.trim()
    const base = {
      sources,
      language,
      provider: 'openai' as const,
      model: completion.model ?? config.model,
      promptHash,
    }
    if (answer.handoff)
      return {
        ...base,
        reply: reply || handoverMessage(language, request.client.name).text,
        confidence: 1,
        handoff: true,
        handoffReason: 'model',
        needsAnswer: false,
      }
    const searched = retrieval.confidence.confidence
    return {
      ...base,
      reply,
      confidence:
        reply === '' ? 0 : Math.round((sources.length > 0 ? searched : searched / 2) * 1000) / 1000,
      handoff: false,
      handoffReason: null,
      needsAnswer: reply === '',
    }
  }

  return { kind: 'openai', model: config.model, draft }
}
