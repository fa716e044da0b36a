import type { DraftDetail, DraftSummary } from '@shared/contract/drafts'
import { poll, type SendingHarness } from '../test-support/sending-harness'

/**
 * What staff complete in a new client's seeded knowledge base (kb-seed.ts): the opening hours its
 * FAQ "What are your opening hours?" waits for. Drafts then answer `<name> is open <hours>.`
 */
export const HOURS = '9 am to 6 pm, Monday to Saturday'
export const HOURS_QUESTION = 'What are your opening hours?'

/** The review domain through the core's channels, for the sandbox tests. */
export function reviewDriver(h: SendingHarness) {
  async function seedFaq(clientId: string) {
    await h.ok('knowledge:save-fact', { clientId, fact: { key: 'hours', value: HOURS } })
  }

  const list = (include: 'open' | 'recent' = 'recent') =>
    h.ok<{ items: DraftSummary[]; pendingCount: number }>('drafts:list', { include })

  /** The draft of the customer's message `wamid` once `until` holds. */
  const draftOf = (
    wamid: string,
    until: (draft: DraftSummary) => boolean = () => true,
    timeoutMs = 15_000,
  ) =>
    poll(
      async () => {
        const found = (await list()).items.find((d) => d.inboundWamid === wamid)
        return found && until(found) ? found : null
      },
      `the draft of ${wamid}`,
      timeoutMs,
      async () => (await list()).items.find((d) => d.inboundWamid === wamid) ?? 'no draft',
    )

  const detail = (draftId: number) => h.ok<DraftDetail>('drafts:get', { draftId })

  const setPolicy = (clientId: string, policy: string, timeoutSeconds?: number) =>
    h.ok('drafts:set-client-policy', {
      clientId,
      policy,
      ...(timeoutSeconds ? { timeoutSeconds } : {}),
    })

  /** Business text messages as the customer's phone shows them. */
  const businessTexts = async (waId: string, phoneNumberId: string) =>
    (await h.customerView(waId, phoneNumberId)).map(
      (m) => (m.payload?.text as { body?: string } | undefined)?.body ?? `(${m.type})`,
    )

  return { seedFaq, list, draftOf, detail, setPolicy, businessTexts }
}
