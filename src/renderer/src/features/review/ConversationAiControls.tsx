import { aiPolicySchema } from '@shared/contract/drafts'
import { useQuery } from '@tanstack/react-query'
import { useId } from 'react'
import { ErrorNotice } from '../../components/ErrorNotice'
import { handoffLabels, policyShort } from './labels'
import {
  conversationAiQuery,
  useRelease,
  useSetConversationPolicy,
  useTakeOver,
} from './review-queries'

const CLIENT = 'client'

/**
 * The conversation header's AI controls: this conversation's policy (the client's unless
 * overridden) and take over / release — while taken over (or handed off) the bot does not answer.
 */
export function ConversationAiControls({ conversationId }: { conversationId: number }) {
  const id = useId()
  const ai = useQuery(conversationAiQuery(conversationId))
  const setPolicy = useSetConversationPolicy(conversationId)
  const takeOver = useTakeOver()
  const release = useRelease()
  const state = ai.data
  if (!state || state.clientId === null) return null
  const failure = [setPolicy, takeOver, release].find((m) => m.isError)?.error
  const busy = setPolicy.isPending || takeOver.isPending || release.isPending
  return (
    <div className="conversation-ai" data-testid="conversation-ai">
      <label htmlFor={`${id}-policy`} className="conversation-ai__label">
        AI
      </label>
      <select
        id={`${id}-policy`}
        className="field conversation-ai__policy"
        value={state.override?.policy ?? CLIENT}
        disabled={busy}
        onChange={(event) =>
          setPolicy.mutate(
            event.target.value === CLIENT ? null : aiPolicySchema.parse(event.target.value),
          )
        }
      >
        <option value={CLIENT}>
          {state.override
            ? 'Client’s policy'
            : `Client’s policy (${policyShort[state.effective.policy]})`}
        </option>
        {aiPolicySchema.options.map((option) => (
          <option key={option} value={option}>
            {policyShort[option]} (this conversation)
          </option>
        ))}
      </select>
      {state.paused ? (
        <>
          <span className="tag tag--warning" data-testid="conversation-paused">
            {state.paused.kind === 'taken-over'
              ? `Taken over by ${state.paused.by}`
              : `Handed off: ${handoffLabels[state.paused.by as keyof typeof handoffLabels] ?? state.paused.by}`}
          </span>
          <button
            type="button"
            className="button button--secondary"
            onClick={() => release.mutate(conversationId)}
            disabled={busy}
          >
            Release to the bot
          </button>
        </>
      ) : (
        <button
          type="button"
          className="button button--secondary"
          onClick={() => takeOver.mutate(conversationId)}
          disabled={busy}
        >
          Take over
        </button>
      )}
      {failure ? <ErrorNotice error={failure} title="The AI setting did not change" /> : null}
    </div>
  )
}
