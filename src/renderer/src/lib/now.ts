import { useSyncExternalStore } from 'react'

/**
 * The platform's time in the renderer: this machine's clock plus the offset the core reports
 * (`app:info` `platformClockOffsetMs`, then `app:clock-changed`): 0 in live mode, the embedded
 * sandbox's virtual clock offset in sandbox mode. Countdowns against Meta's timestamps (the
 * 24-hour customer service window) use it, so the composer locks when the core would refuse.
 */
let offsetMs = 0
const offsetListeners = new Set<() => void>()

const subscribeOffset = (onChange: () => void) => {
  offsetListeners.add(onChange)
  return () => void offsetListeners.delete(onChange)
}

/** How far the platform's clock runs ahead of this machine's (ms). */
export const platformClockOffset = (): number => offsetMs

export function setPlatformClockOffset(next: number): void {
  if (!Number.isFinite(next) || next === offsetMs) return
  offsetMs = next
  for (const listener of [...offsetListeners]) listener()
}

/** Epoch ms on the platform's clock, now. */
export const platformNow = (): number => Date.now() + offsetMs

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

/**
 * The platform's current time, re-rendered every `periodMs` and whenever the platform's clock
 * moves, for window countdowns and "5 min ago".
 */
export function useNow(periodMs = 30_000): number {
  const ticker = tickerFor(periodMs)
  const local = useSyncExternalStore(ticker.subscribe, ticker.now)
  return local + useSyncExternalStore(subscribeOffset, platformClockOffset)
}
