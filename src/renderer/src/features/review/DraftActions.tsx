import type { DraftDetail } from '@shared/contract/drafts'
import { useState, type RefObject } from 'react'
import { ErrorNotice } from '../../components/ErrorNotice'
import { showToast } from '../../stores/toast-store'
import { RejectDialog } from './RejectDialog'
import { useApprove, useRegenerate, useReject, useSendEdited, useTakeOver } from './review-queries'
import { keysOf, useShortcuts, type ShortcutAction } from './shortcuts'

const Kbd = ({ action }: { action: ShortcutAction }) => (
  <kbd className="kbd" aria-hidden="true">
    {keysOf(action)}
  </kbd>
)

/**
 * Approve, send as edited, reject, regenerate, take over — each a button showing its shortcut,
 * each shortcut live while the panel is open (shortcuts.ts).
 */
export function DraftActions({
  draft,
  text,
  editing,
  canSend,
  editor,
  onRegenerated,
  onDecided,
}: {
  draft: DraftDetail
  text: string
  editing: boolean
  canSend: boolean
  editor: RefObject<HTMLTextAreaElement | null>
  onRegenerated: () => void
  onDecided: () => void
}) {
  const [rejecting, setRejecting] = useState(false)
  const approve = useApprove()
  const send = useSendEdited()
  const reject = useReject()
  const regenerate = useRegenerate()
  const takeOver = useTakeOver()
  const busy = [approve, send, reject, regenerate, takeOver].some((m) => m.isPending)
  const failure = [approve, send, reject, regenerate, takeOver].find((m) => m.isError)?.error
  const open = draft.state === 'pending' || draft.state === 'failed'
  const sendable = canSend && !busy && text.trim().length > 0
  const approvable = sendable && !editing && draft.text.trim().length > 0

  const decided = (message: string) => () => {
    showToast(message)
    onDecided()
  }
  const doApprove = () => {
    if (approvable) approve.mutate(draft.id, { onSuccess: decided('Draft sent.') })
  }
  const doSend = () => {
    if (!sendable) return
    if (!editing && draft.text.trim()) return doApprove()
    send.mutate({ draftId: draft.id, text }, { onSuccess: decided('Your reply was sent.') })
  }
  const doRegenerate = () => {
    if (open && !busy) regenerate.mutate(draft.id, { onSuccess: onRegenerated })
  }
  const doTakeOver = () => {
    if (busy || draft.paused === 'taken-over') return
    takeOver.mutate(draft.conversationId, {
      onSuccess: decided('You took the conversation over: the bot pauses there until released.'),
    })
  }
  useShortcuts({
    approve: doApprove,
    send: doSend,
    reject: () => open && !busy && setRejecting(true),
    regenerate: doRegenerate,
    'take-over': doTakeOver,
    edit: () => open && editor.current?.focus(),
    leave: () => editor.current?.blur(),
  })

  return (
    <div className="draft-actions">
      <div className="actions" role="group" aria-label="Draft actions">
        {editing ? (
          <button
            type="button"
            className="button button--primary"
            onClick={doSend}
            disabled={!sendable}
          >
            Send edited <Kbd action="send" />
          </button>
        ) : (
          <button
            type="button"
            className="button button--primary"
            onClick={doApprove}
            disabled={!approvable}
            title={`Send the draft as it is (${keysOf('approve')}, or ${keysOf('send')})`}
          >
            Approve <Kbd action="approve" />
          </button>
        )}
        <button
          type="button"
          className="button button--secondary"
          onClick={() => setRejecting(true)}
          disabled={!open || busy}
        >
          Reject… <Kbd action="reject" />
        </button>
        <button
          type="button"
          className="button button--secondary"
          onClick={doRegenerate}
          disabled={!open || busy}
        >
          {regenerate.isPending ? 'Regenerating…' : 'Regenerate'} <Kbd action="regenerate" />
        </button>
        <button
          type="button"
          className="button button--secondary"
          onClick={doTakeOver}
          disabled={busy || draft.paused === 'taken-over'}
        >
          Take over <Kbd action="take-over" />
        </button>
      </div>
      {failure ? <ErrorNotice error={failure} title="That did not work" /> : null}
      <RejectDialog
        open={rejecting}
        onCancel={() => setRejecting(false)}
        onReject={(reason) => {
          setRejecting(false)
          reject.mutate({ draftId: draft.id, reason }, { onSuccess: decided('Draft rejected.') })
        }}
      />
    </div>
  )
}
