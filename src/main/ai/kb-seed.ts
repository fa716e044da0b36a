import type { EventName } from '@shared/contract/names'
import type { ClientRecord } from '../store/clients-repo'
import type { KbEntryFields, KbRepo } from './kb-repo'

/**
 * What a new client's knowledge base starts with, from what onboarding knows: the business name
 * (the phone's verified name once the health check read it) and its phone number as facts, the
 * facts every business has left empty for staff (hours, address, website), and English FAQ
 * entries and snippets that cite them. Entries whose facts are empty wait (the drafter skips
 * them) until staff fill the facts.
 */
const SEED_ENTRIES: readonly KbEntryFields[] = [
  {
    kind: 'faq',
    question: 'What are your opening hours?',
    variants: ['When are you open?', 'What time do you open?', 'What time do you close?'],
    answer: '{{business_name}} is open {{hours}}.',
    language: 'en',
    tags: ['hours'],
  },
  {
    kind: 'faq',
    question: 'Where are you located?',
    variants: ['What is your address?', 'How do I find you?'],
    answer: 'You can find {{business_name}} at {{address}}.',
    language: 'en',
    tags: ['location'],
  },
  {
    kind: 'faq',
    question: 'How can I contact you?',
    variants: ['What is your phone number?', 'Can I call you?'],
    answer: 'You can call {{business_name}} on {{phone}}, or write to us right here.',
    language: 'en',
    tags: ['contact'],
  },
  {
    kind: 'faq',
    question: 'Do you have a website?',
    variants: ['What is your website?'],
    answer: 'Our website is {{website}}.',
    language: 'en',
    tags: ['contact'],
  },
  {
    kind: 'snippet',
    question: 'Greeting',
    variants: ['Hi', 'Hello', 'Good morning', 'Good afternoon'],
    answer: 'Hello! Thanks for writing to {{business_name}}. How can we help?',
    language: 'en',
    tags: ['greeting'],
  },
  {
    kind: 'snippet',
    question: 'Thanks',
    variants: ['Thank you', 'Thanks a lot'],
    answer: "You're welcome! Is there anything else we can help with?",
    language: 'en',
    tags: ['closing'],
  },
]

/** Facts onboarding fills (refreshed while still empty) and facts left for staff. */
const onboardingFacts = (client: ClientRecord) => ({
  business_name: client.phoneHealth?.verifiedName ?? client.name ?? '',
  phone: client.displayPhoneNumber ?? '',
})
const STAFF_FACTS = ['hours', 'address', 'website'] as const

export interface SeedResult {
  /** True the first time: entries and facts were added. */
  seeded: boolean
  /** Facts filled from onboarding on this call. */
  filled: string[]
  revision: number
}

export interface SeedDeps {
  repo: KbRepo
  client: (clientId: string) => ClientRecord | null
  now: () => string
}

/**
 * Seeds the client's knowledge base once (never again, so what staff delete stays deleted), and
 * on every call fills a seeded fact onboarding has learnt since (the verified name arrives with
 * the first health check). Safe to call any number of times; a no-op for an unknown client.
 */
export function seedKnowledgeBase(deps: SeedDeps, clientId: string): SeedResult {
  const client = deps.client(clientId)
  if (!client) return { seeded: false, filled: [], revision: 0 }
  const { repo } = deps
  return repo.transaction(() => {
    const at = deps.now()
    const known = onboardingFacts(client)
    const seeded = repo.seededAt(clientId) === null
    let changed = false
    if (seeded) {
      for (const entry of SEED_ENTRIES) repo.insertEntry(clientId, entry, 'seed', at)
      for (const [key, value] of Object.entries(known))
        repo.upsertFact(clientId, { key, language: 'any', value }, 'seed', at)
      for (const key of STAFF_FACTS)
        if (!repo.hasFact(clientId, key, 'any'))
          repo.upsertFact(clientId, { key, language: 'any', value: '' }, 'seed', at)
      repo.markSeeded(clientId, at)
      changed = true
    }
    const filled: string[] = []
    if (!seeded) {
      const current = repo.facts(clientId)
      for (const [key, value] of Object.entries(known)) {
        const fact = current.find((f) => f.key === key && f.language === 'any')
        if (value && fact && fact.source === 'seed' && fact.value === '') {
          repo.upsertFact(clientId, { key, language: 'any', value }, 'seed', at)
          filled.push(key)
        }
      }
      changed = filled.length > 0
    }
    const revision = changed ? repo.bump(clientId) : repo.revision(clientId)
    return { seeded, filled, revision }
  })
}

/**
 * Seeds each client when it becomes onboarded (and fills facts after its health checks): listens
 * to the core's `clients:changed` events. Returns the unsubscribe function.
 */
export function seedOnOnboarded(
  events: { subscribe(listener: (event: EventName, payload: unknown) => void): () => void },
  seed: (clientId: string) => void,
  isOnboarded: (clientId: string) => boolean,
): () => void {
  return events.subscribe((event, payload) => {
    if (event !== 'clients:changed') return
    const { clientId } = payload as { clientId: string | null }
    if (clientId && isOnboarded(clientId)) seed(clientId)
  })
}
