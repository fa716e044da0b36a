import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import {
  LAUNCHER_PATH,
  launcherUrl,
  SIGNUP_RESULT_TYPE,
  type SignupResultMessage,
} from '@shared/signup/launcher-protocol'
import { parseEsMessage } from '@shared/whatsapp/es-events'
import { startSandbox, type TestSandbox } from '../testing/harness'
import { launchChromium } from './es-harness'

/**
 * The launcher page (src/shared/signup/launcher-page.ts) as the sandbox serves it, driven in
 * Chromium from a "console" page on another loopback origin that opens it as a popup — browser
 * mode's flow. The launcher loads the fake SDK, runs ES v4 and posts the result to its opener.
 */

let sandbox: TestSandbox
let browser: Browser
let context: BrowserContext
let consolePage: Server
let consoleOrigin: string

const STATE = '0f6c2a1e-8d1b-4c7e-9a55-3f1b2c4d5e6f'

beforeAll(async () => {
  sandbox = await startSandbox()
  consolePage = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
    res.end(`<!doctype html><title>console</title><script>
      window.__results = [];
      window.addEventListener('message', function (e) { window.__results.push({ origin: e.origin, data: e.data }); });
    </script>`)
  })
  await new Promise<void>((resolve) => consolePage.listen(0, '127.0.0.1', resolve))
  consoleOrigin = `http://127.0.0.1:${(consolePage.address() as AddressInfo).port}`
  browser = await launchChromium()
  context = await browser.newContext()
})

afterAll(async () => {
  await context?.close()
  await browser?.close()
  consolePage?.closeAllConnections()
  await new Promise<void>((resolve) => consolePage?.close(() => resolve()))
  await sandbox?.close()
})

const url = (extra: { featureType?: string; opener?: string } = {}) =>
  launcherUrl(sandbox.url, {
    state: STATE,
    appId: sandbox.sandbox.config.app_id,
    configId: '1000000000000001',
    version: 'v25.0',
    ...extra,
  })

async function openLauncher(): Promise<{ page: Page; launcher: Page; csp: string[] }> {
  const page = await context.newPage()
  await page.goto(consoleOrigin)
  const [launcher] = await Promise.all([
    page.waitForEvent('popup'),
    page.evaluate(
      (href) =>
        void (globalThis as unknown as { open(u: string, n: string): unknown }).open(
          href,
          'launcher',
        ),
      url({ opener: consoleOrigin }),
    ),
  ])
  const csp: string[] = []
  launcher.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) csp.push(m.text())
  })
  await launcher.waitForSelector('#launch:not([disabled])')
  return { page, launcher, csp }
}

async function results(page: Page): Promise<{ origin: string; data: unknown }[]> {
  await page.waitForFunction(
    () => (globalThis as unknown as { __results: unknown[] }).__results.length > 0,
  )
  return page.evaluate(
    () => (globalThis as unknown as { __results: { origin: string; data: unknown }[] }).__results,
  )
}

describe(`GET ${LAUNCHER_PATH}`, () => {
  it('runs Embedded Signup and posts {state, code, events} to the console at its exact origin', async () => {
    const { page, launcher, csp } = await openLauncher()
    const [dialog] = await Promise.all([launcher.waitForEvent('popup'), launcher.click('#launch')])
    await dialog.waitForSelector('[data-step="business"]:not([hidden])')
    const path = [
      'business',
      'waba',
      'phone',
      'verify',
      'display-name',
      'category',
      'permissions',
      'done',
    ]
    for (let i = 0; path[i] !== 'done'; i++) {
      if (path[i] === 'business') await dialog.fill('#business-name', 'Launcher Co')
      if (path[i] === 'phone') await dialog.check('input[name="phone-mode"][value="add"]')
      if (path[i] === 'verify') await dialog.fill('#verify-code', '123456')
      await dialog.click('#next')
      await dialog.waitForSelector(`[data-step="${path[i + 1]}"]:not([hidden])`)
    }
    await Promise.all([
      dialog.waitForEvent('close'),
      dialog.click('#finish').catch((error: unknown) => {
        if (!dialog.isClosed()) throw error
      }),
    ])
    const [result] = await results(page)
    expect(result!.origin).toBe(sandbox.url)
    const message = result!.data as SignupResultMessage
    expect(message).toMatchObject({
      type: SIGNUP_RESULT_TYPE,
      state: STATE,
      code: expect.any(String),
    })
    expect(message.events).toHaveLength(1)
    expect(parseEsMessage(message.events[0])).toMatchObject({ kind: 'finish', event: 'FINISH' })
    expect(await launcher.textContent('#status')).toMatch(/Done/)
    expect(csp).toEqual([])
  })

  it('reports a closed dialog as no code, and refuses incomplete or foreign parameters', async () => {
    const { page, launcher } = await openLauncher()
    const [dialog] = await Promise.all([launcher.waitForEvent('popup'), launcher.click('#launch')])
    await dialog.waitForSelector('[data-step="business"]:not([hidden])')
    await Promise.all([
      dialog.waitForEvent('close'),
      dialog.click('#cancel').catch((error: unknown) => {
        if (!dialog.isClosed()) throw error
      }),
    ])
    const [result] = await results(page)
    const message = result!.data as SignupResultMessage
    expect(message.code).toBeNull()
    expect(parseEsMessage(message.events[0])).toMatchObject({ kind: 'cancel' })

    const bad = await context.newPage()
    await bad.goto(url({ opener: 'https://evil.example' }))
    expect(await bad.textContent('#status')).toMatch(/incomplete/)
    expect(await bad.isDisabled('#launch')).toBe(true)
  })
})
