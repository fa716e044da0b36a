// Component-test helpers: jest-dom matchers, cleanup between tests, and a fresh QueryClient.
import '@testing-library/jest-dom/vitest'
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { cleanup, render, type RenderOptions } from '@testing-library/react'
import type { ReactElement } from 'react'
import { afterEach } from 'vitest'

afterEach(() => {
  cleanup()
  window.location.hash = ''
})

// jsdom has <dialog> but not its modal methods; ConfirmDialog uses them.
if (typeof HTMLDialogElement !== 'undefined' && !HTMLDialogElement.prototype.showModal) {
  HTMLDialogElement.prototype.showModal = function showModal(this: HTMLDialogElement) {
    this.open = true
  }
  HTMLDialogElement.prototype.close = function close(this: HTMLDialogElement) {
    this.open = false
  }
}

export function renderWithQueries(ui: ReactElement, options?: RenderOptions) {
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false }, mutations: { retry: false } },
  })
  const result = render(
    <QueryClientProvider client={queryClient}>{ui}</QueryClientProvider>,
    options,
  )
  return { ...result, queryClient }
}
