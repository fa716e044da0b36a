/** A desktop notification the page showed. */
export interface Shown {
  title: string
  body: string | undefined
}

/** What the init script touches in the page (e2e is type-checked without the DOM lib). */
interface PageGlobals {
  Notification: new (title: string, options?: { body?: string }) => object
  /** Desktop notifications the page showed. */
  shownNotifications?: Shown[]
}

/**
 * Wraps the page's Notification so the test sees each desktop notification it shows:
 * `page.addInitScript(recordNotifications)`, then `page.evaluate(shownNotifications)`. Both run in
 * the page, so they use nothing from this module's scope.
 */
export function recordNotifications() {
  const page = globalThis as unknown as PageGlobals
  const Original = page.Notification
  const shown: Shown[] = []
  page.shownNotifications = shown
  page.Notification = class extends Original {
    constructor(title: string, options?: { body?: string }) {
      super(title, options)
      shown.push({ title, body: options?.body })
    }
  }
}

export const shownNotifications = () => (globalThis as unknown as PageGlobals).shownNotifications
