// jsdom lays nothing out: every element measures 0 px, so a virtualized list would render no row.
// Component tests give elements a size (scroll viewports and rows) the way a browser would.
import { afterEach, beforeEach } from 'vitest'

const props = ['clientHeight', 'clientWidth', 'offsetHeight', 'offsetWidth'] as const

/** For the tests of this file: viewports `viewport` px tall, rows `row` px tall; scrollTo works. */
export function stubLayout({ viewport = 800, row = 60 }: { viewport?: number; row?: number } = {}) {
  const saved = new Map<string, PropertyDescriptor | undefined>()
  beforeEach(() => {
    // Scrolling moves scrollTop and fires `scroll`, as in a browser (jsdom has no scrollTo).
    HTMLElement.prototype.scrollTo = function scrollTo(this: HTMLElement, options?: unknown) {
      const top = (options as ScrollToOptions | undefined)?.top
      if (top === undefined) return
      this.scrollTop = top
      this.dispatchEvent(new Event('scroll'))
    } as typeof HTMLElement.prototype.scrollTo
    for (const prop of props) {
      saved.set(prop, Object.getOwnPropertyDescriptor(HTMLElement.prototype, prop))
      const size = prop.startsWith('client') ? viewport : row
      Object.defineProperty(HTMLElement.prototype, prop, { configurable: true, get: () => size })
    }
  })
  afterEach(() => {
    Reflect.deleteProperty(HTMLElement.prototype, 'scrollTo')
    for (const prop of props) {
      const descriptor = saved.get(prop)
      if (descriptor) Object.defineProperty(HTMLElement.prototype, prop, descriptor)
    }
  })
}
