import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { ES_CANCEL_STEPS, parseEsMessage, type EsEvent } from '@shared/whatsapp/es-events'
import { startSandbox, type TestSandbox } from '../testing/harness'
import {
  launchChromium,
  startOpener,
  waitForLogin,
  type OpenerState,
  type TestServer,
} from './es-harness'

/**
 * The ES dialog driven in Chromium from a partner page on another origin that loads the fake
 * sdk.js, against the real sandbox (signups, token exchange, clock). Checks what the opener
 * receives: the WA_EMBEDDED_SIGNUP events as JSON strings from the dialog's origin, and the code
 * through the FB.login callback (https://developers.facebook.com/documentation/business-messaging/whatsapp/embedded-signup/implementation).
 */

let sandbox: TestSandbox
let opener: TestServer
let browser: Browser
let context: BrowserContext

beforeAll(async () => {
  sandbox = await startSandbox()
  opener = await startOpener(`${sandbox.url}/en_US/sdk.js`, sandbox.sandbox.config.app_id)
  browser = await launchChromium()
  context = await browser.newContext()
})

afterAll(async () => {
  await context?.close()
  await browser?.close()
  await opener?.close()
  await sandbox?.close()
})

async function launch(
  extras: unknown = { setup: {} },
): Promise<{ page: Page; popup: Page; csp: string[] }> {
  const page = await context.newPage()
  await page.goto(`${opener.url}/?extras=${encodeURIComponent(JSON.stringify(extras))}`)
  await page.waitForFunction(
    () => (globalThis as unknown as { __ready?: boolean }).__ready === true,
  )
  const [popup] = await Promise.all([page.waitForEvent('popup'), page.click('#launch')])
  const csp: string[] = []
  popup.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) csp.push(m.text())
  })
  await popup.waitForSelector('[data-step="business"]:not([hidden])')
  return { page, popup, csp }
}

const visible = (popup: Page, step: string) =>
  popup.waitForSelector(`[data-step="${step}"]:not([hidden])`)

/** Clicks a button that closes the popup; a click racing the close is not a failure. */
async function clickClosing(popup: Page, selector: string) {
  await Promise.all([
    popup.waitForEvent('close'),
    popup.click(selector).catch((error: unknown) => {
      if (!popup.isClosed()) throw error
    }),
  ])
}

async function next(popup: Page, step: string) {
  await popup.click('#next')
  await visible(popup, step)
}

/** Walks to `until` along the add-a-number path (or the given phone mode). */
async function walk(popup: Page, until: string, mode: 'add' | 'coexistence' | 'skip' = 'add') {
  const path =
    mode === 'add'
      ? ['business', 'waba', 'phone', 'verify', 'display-name', 'category', 'permissions', 'done']
      : mode === 'coexistence'
        ? ['business', 'waba', 'phone', 'verify', 'permissions', 'done']
        : ['business', 'waba', 'phone', 'permissions', 'done']
  for (let i = 0; path[i] !== until; i++) {
    const step = path[i]
    if (step === 'business') await popup.fill('#business-name', 'Lucky Shrub')
    if (step === 'phone') await popup.check(`input[name="phone-mode"][value="${mode}"]`)
    if (step === 'verify' && mode === 'add') await popup.fill('#verify-code', '123456')
    await next(popup, path[i + 1] as string)
  }
}

function esEvents(state: OpenerState): { origin: string; event: EsEvent }[] {
  return state.messages.flatMap((m) => {
    const event = parseEsMessage(m.data)
    return event ? [{ origin: m.origin, event }] : []
  })
}

async function exchange(code: string) {
  const cfg = sandbox.sandbox.config
  return sandbox.graph('GET', '/oauth/access_token', {
    query: { client_id: cfg.app_id, client_secret: cfg.app_secret, code },
  })
}

describe('Embedded Signup page', () => {
  it('FINISH: posts the ids as a JSON string to the opener and the code to the login callback; the code works once', async () => {
    const { page, popup, csp } = await launch()
    await walk(popup, 'done')
    await clickClosing(popup, '#finish')
    const state = await waitForLogin(page)

    const events = esEvents(state)
    expect(events).toHaveLength(1)
    expect(events[0]!.origin).toBe(sandbox.url)
    const finish = events[0]!.event
    expect(finish).toMatchObject({ kind: 'finish', event: 'FINISH', version: 3 })
    const raw = state.messages.find((m) => parseEsMessage(m.data))!.data
    expect(typeof raw).toBe('string')
    expect(state.login?.status).toBe('connected')
    const code = state.login!.authResponse!.code
    expect(code.length).toBeGreaterThan(20)
    expect(csp).toEqual([])

    const first = await exchange(code)
    expect(first.status).toBe(200)
    expect(first.body.access_token).toMatch(/^EAA/)
    const debug = await sandbox.graph('GET', '/debug_token', {
      token: sandbox.sandbox.config.system_user_token,
      query: { input_token: first.body.access_token },
    })
    const data = finish.kind === 'finish' ? finish.data : {}
    const scopes = debug.body.data.granular_scopes as { scope: string; target_ids?: string[] }[]
    expect(scopes.find((s) => s.scope === 'whatsapp_business_management')?.target_ids?.[0]).toBe(
      data.waba_id,
    )
    expect(data.phone_number_id).toMatch(/^\d+$/)
    expect(data.business_id).toMatch(/^\d+$/)

    const again = await exchange(code)
    expect(again.status).toBe(400)
    expect(again.body.error.message).toBe('This authorization code has been used.')
  })

  it('the code expires 30 s after the signup', async () => {
    const { page, popup } = await launch()
    await walk(popup, 'done')
    await clickClosing(popup, '#finish')
    const { login } = await waitForLogin(page)
    await sandbox.advance(31)
    const late = await exchange(login!.authResponse!.code)
    expect(late.status).toBe(400)
    expect(late.body.error.message).toBe('This authorization code has expired.')
  })

  it('FINISH_ONLY_WABA when the phone number is skipped', async () => {
    const { page, popup } = await launch()
    await walk(popup, 'done', 'skip')
    await clickClosing(popup, '#finish')
    const state = await waitForLogin(page)
    const [only] = esEvents(state)
    expect(only?.event).toMatchObject({ kind: 'finish', event: 'FINISH_ONLY_WABA' })
    expect(only?.event.kind === 'finish' && only.event.data.phone_number_id).toBe('')
    expect(state.login?.status).toBe('connected')
  })

  it('FINISH_WHATSAPP_BUSINESS_APP_ONBOARDING for coexistence (featureType preselects it)', async () => {
    const { page, popup } = await launch({
      setup: {},
      featureType: 'whatsapp_business_app_onboarding',
    })
    expect(await popup.isVisible('.mode-add')).toBe(false)
    await walk(popup, 'done', 'coexistence')
    await clickClosing(popup, '#finish')
    const state = await waitForLogin(page)
    expect(esEvents(state)[0]?.event).toMatchObject({
      kind: 'finish',
      event: 'FINISH_WHATSAPP_BUSINESS_APP_ONBOARDING',
    })
    expect(state.login?.authResponse?.code).toBeTruthy()
  })

  it('closing the window on the final screen counts as finish', async () => {
    const { page, popup } = await launch()
    await walk(popup, 'done')
    await popup.close({ runBeforeUnload: true })
    const state = await waitForLogin(page)
    expect(esEvents(state)[0]?.event).toMatchObject({ kind: 'finish', event: 'FINISH' })
    expect(state.login?.status).toBe('connected')
  })

  const cancelAt: [string, string][] = [
    ['business', 'BUSINESS_ACCOUNT_SELECTION'],
    ['waba', 'WABA_PHONE_PROFILE_PICKER'],
    ['phone', 'PHONE_NUMBER_SETUP'],
    ['verify', 'PHONE_NUMBER_VERIFICATION'],
    ['display-name', 'WHATSAPP_BUSINESS_PROFILE_SETUP'],
    ['permissions', 'PERMISSIONS'],
  ]
  it('covers every documented cancel step', () => {
    expect(cancelAt.map(([, s]) => s).sort()).toEqual([...ES_CANCEL_STEPS].sort())
  })

  it.each(cancelAt)(
    'Cancel on the %s step posts CANCEL with current_step %s',
    async (step, current) => {
      const { page, popup } = await launch()
      await walk(popup, step)
      await clickClosing(popup, '#cancel')
      const state = await waitForLogin(page)
      expect(esEvents(state).map((e) => e.event)).toEqual([
        { kind: 'cancel', currentStep: current, version: 3 },
      ])
      expect(state.login).toEqual({ authResponse: null, status: 'unknown' })
    },
  )

  it('closing the window mid-flow posts CANCEL with the step it was on', async () => {
    const { page, popup } = await launch()
    await walk(popup, 'phone')
    await popup.close({ runBeforeUnload: true })
    const state = await waitForLogin(page)
    expect(esEvents(state).map((e) => e.event)).toEqual([
      { kind: 'cancel', currentStep: 'PHONE_NUMBER_SETUP', version: 3 },
    ])
    expect(state.login?.status).toBe('unknown')
  })

  it('Simulate error posts the error form (error_code, error_message, session_id, timestamp)', async () => {
    const { page, popup } = await launch()
    await walk(popup, 'display-name')
    await popup.click('#simulate-error')
    await visible(popup, 'error')
    await clickClosing(popup, '#close')
    const state = await waitForLogin(page)
    const raw = state.messages.map((m) => m.data).find((d) => parseEsMessage(d)?.kind === 'error')
    expect(JSON.parse(raw as string)).toMatchObject({
      type: 'WA_EMBEDDED_SIGNUP',
      event: 'CANCEL',
      data: {
        error_code: '524126',
        error_message: expect.stringContaining('verified name'),
        session_id: expect.stringMatching(/^[0-9a-f]{15}$/),
        timestamp: expect.stringMatching(/^\d{10}$/),
      },
    })
    expect(esEvents(state)).toHaveLength(1)
    expect(state.login?.status).toBe('unknown')
  })
})
