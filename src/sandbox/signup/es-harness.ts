import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { chromium, type Browser, type Page } from 'playwright-core'

/**
 * Test support for the Embedded Signup page (the sandbox itself serves sdk.js and the dialog):
 *   startOpener(sdkUrl, appId) — the partner's launcher page on a different origin: loads the fake
 *     sdk.js, calls FB.login on click, records every `message` event and the login callback;
 *   launchChromium() — Debian's Chromium with the flags this environment needs.
 */

export interface TestServer {
  url: string
  close(): Promise<void>
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

function closer(server: Server) {
  return () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections()
      server.close(() => resolve())
    })
}

/** The launcher page, as Meta's implementation guide writes it (https://developers.facebook.com/documentation/business-messaging/whatsapp/embedded-signup/implementation). */
function openerHtml(sdkUrl: string, appId: string, extras: unknown): string {
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>Partner console</title></head>
<body>
<button id="launch">Connect WhatsApp</button>
<script>
window.__messages = [];
window.__login = null;
window.addEventListener('message', function (event) {
  window.__messages.push({ origin: event.origin, data: event.data });
});
window.fbAsyncInit = function () {
  FB.init({ appId: ${JSON.stringify(appId)}, autoLogAppEvents: true, xfbml: true, version: 'v25.0' });
  window.__ready = true;
};
document.getElementById('launch').addEventListener('click', function () {
  FB.login(function (response) { window.__login = response; }, {
    config_id: '1029384756',
    response_type: 'code',
    override_default_response_type: true,
    extras: ${JSON.stringify(extras).replace(/</g, '\\u003c')}
  });
});
</script>
<script async defer crossorigin="anonymous" src="${sdkUrl}"></script>
</body></html>`
}

export async function startOpener(sdkUrl: string, appId: string): Promise<TestServer> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    let extras: unknown = { setup: {} }
    const given = url.searchParams.get('extras')
    if (given) extras = JSON.parse(given)
    const html = openerHtml(sdkUrl, appId, extras)
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
    res.end(html)
  })
  return { url: await listen(server), close: closer(server) }
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  })
}

export interface OpenerState {
  messages: { origin: string; data: unknown }[]
  login: { authResponse: { code: string } | null; status: string } | null
}

export async function openerState(page: Page): Promise<OpenerState> {
  return page.evaluate(() => {
    const w = globalThis as unknown as {
      __messages: OpenerState['messages']
      __login: OpenerState['login']
    }
    return { messages: w.__messages, login: w.__login }
  })
}

/** Waits until the FB.login callback has run (never on a timer: on the page's own state). */
export async function waitForLogin(page: Page): Promise<OpenerState> {
  await page.waitForFunction(() => (globalThis as unknown as { __login: unknown }).__login !== null)
  return openerState(page)
}
