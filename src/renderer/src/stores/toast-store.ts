import { create } from 'zustand'

export type ToastTone = 'success' | 'info' | 'error'

export interface Toast {
  id: number
  tone: ToastTone
  message: string
}

interface ToastStore {
  toasts: Toast[]
  show(message: string, tone?: ToastTone): number
  dismiss(id: number): void
}

let nextId = 1

/** Short confirmations shown by the Toaster. UI state only. */
export const useToastStore = create<ToastStore>()((set) => ({
  toasts: [],
  show: (message, tone = 'success') => {
    const id = nextId++
    // The same message twice in a row (two windows reporting one event) is shown once.
    set((state) =>
      state.toasts.some((toast) => toast.message === message)
        ? state
        : { toasts: [...state.toasts, { id, tone, message }] },
    )
    return id
  },
  dismiss: (id) => set((state) => ({ toasts: state.toasts.filter((toast) => toast.id !== id) })),
}))

export const showToast = (message: string, tone?: ToastTone): number =>
  useToastStore.getState().show(message, tone)
