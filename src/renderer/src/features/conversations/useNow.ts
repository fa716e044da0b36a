import { useSyncExternalStore } from 'react'

interface Ticker {
  subscribe(onChange: () => void): () => void
  now(): number
}

/** One shared timer per period (not one per row); it runs only while something is subscribed. */
const tickers = new Map<number, Ticker>()

function tickerFor(periodMs: number): Ticker {
  const existing = tickers.get(periodMs)
  if (existing) return existing
  const listeners = new Set<() => void>()
  let now = Date.now()
  let timer: number | undefined
  const ticker: Ticker = {
    subscribe(onChange) {
      listeners.add(onChange)
      if (timer === undefined) {
        timer = window.setInterval(() => {
          now = Date.now()
          for (const listener of listeners) listener()
        }, periodMs)
        // The cached time may be old when the ticker was idle: refresh it and re-render now.
        now = Date.now()
        onChange()
      }
      return () => {
        listeners.delete(onChange)
        if (listeners.size === 0 && timer !== undefined) {
          window.clearInterval(timer)
          timer = undefined
        }
      }
    },
    // Cached between ticks: useSyncExternalStore needs the same value until something changed.
    now: () => now,
  }
  tickers.set(periodMs, ticker)
  return ticker
}

/** The current time, re-rendered every `periodMs`, for window countdowns. */
export function useNow(periodMs = 30_000): number {
  const ticker = tickerFor(periodMs)
  return useSyncExternalStore(ticker.subscribe, ticker.now)
}
