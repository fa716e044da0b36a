import { useEffect, useRef } from 'react'

export type ShortcutAction =
  | 'next'
  | 'previous'
  | 'edit'
  | 'approve'
  | 'send'
  | 'reject'
  | 'regenerate'
  | 'take-over'
  | 'help'
  | 'leave'

/** Every review shortcut, as the help lists it and the buttons show it. */
export const SHORTCUTS: readonly { action: ShortcutAction; keys: string; label: string }[] = [
  { action: 'next', keys: 'J', label: 'Next draft' },
  { action: 'previous', keys: 'K', label: 'Previous draft' },
  { action: 'edit', keys: 'E', label: 'Edit the reply' },
  { action: 'approve', keys: 'A', label: 'Approve: send the draft as it is' },
  { action: 'send', keys: 'Ctrl+Enter', label: 'Send the reply as edited (⌘+Enter on a Mac)' },
  { action: 'reject', keys: 'R', label: 'Reject, with a reason' },
  { action: 'regenerate', keys: 'G', label: 'Regenerate the draft' },
  { action: 'take-over', keys: 'T', label: 'Take the conversation over (the bot pauses)' },
  { action: 'help', keys: '?', label: 'Show or hide these shortcuts' },
  { action: 'leave', keys: 'Esc', label: 'Leave the reply box' },
]

export const keysOf = (action: ShortcutAction) =>
  SHORTCUTS.find((shortcut) => shortcut.action === action)!.keys

const PLAIN: Record<string, ShortcutAction> = {
  j: 'next',
  k: 'previous',
  e: 'edit',
  a: 'approve',
  r: 'reject',
  g: 'regenerate',
  t: 'take-over',
  '?': 'help',
}

const typingIn = (target: EventTarget | null) =>
  target instanceof HTMLElement &&
  (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))

/** The action a key press means on the Review page, or null (typing, a dialog, a modifier). */
export function actionOf(event: KeyboardEvent): ShortcutAction | null {
  if (event.defaultPrevented || event.isComposing) return null
  if (document.querySelector('dialog[open]')) return null
  if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) return 'send'
  if (event.key === 'Escape') return typingIn(event.target) ? 'leave' : null
  if (typingIn(event.target) || event.ctrlKey || event.metaKey || event.altKey) return null
  return PLAIN[event.key] ?? null
}

/** Runs the handler for each shortcut pressed while mounted (handlers may change every render). */
export function useShortcuts(handlers: Partial<Record<ShortcutAction, () => void>>): void {
  const current = useRef(handlers)
  useEffect(() => {
    current.current = handlers
  })
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const action = actionOf(event)
      const handler = action ? current.current[action] : undefined
      if (!handler) return
      event.preventDefault()
      handler()
    }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  }, [])
}
