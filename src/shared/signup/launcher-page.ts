import { SIGNUP_RESULT_TYPE } from './launcher-protocol'

/**
 * The Embedded Signup launcher page, as a string (served by the sandbox in sandbox mode and by the
 * relay at SIGNUP_ORIGIN in live mode). Meta returns the session info and the code only to a page
 * on an allowed HTTPS domain, so the console cannot run Embedded Signup from its own page.
 * https://developers.facebook.com/documentation/business-messaging/whatsapp/embedded-signup/implementation
 *
 * The page loads the JS SDK, and on "Continue with Facebook" calls FB.login with the ES v4
 * options; it keeps every `WA_EMBEDDED_SIGNUP` message event from exactly `eventOrigins`, then
 * hands `{type, state, code, events}` (launcher-protocol.ts) to the desktop: to `window.opener`
 * at the `opener` origin (browser mode), else to its own window (the Electron signup window's
 * preload listens there), and, when `resultPath` is set, POSTs `{state, code, events}` there too
 * (the relay forwards it to the desktop that began the attempt).
 *
 * Query parameters (see `launcherUrl`): state, app_id, config_id, version, feature_type?, opener?.
 */
export interface LauncherPageOptions {
  /** The JS SDK: `https://connect.facebook.net/en_US/sdk.js`, or the sandbox's `/en_US/sdk.js`. */
  sdkUrl: string
  /** Exact origins the ES message events may come from (Meta's hosts, or the sandbox origin). */
  eventOrigins: readonly string[]
  /** Same-origin path to POST the result to (the relay), or null. */
  resultPath?: string | null
  /** CSP nonce of the inline script and style (fresh per response). */
  nonce: string
}

const json = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c')

/** The page's Content-Security-Policy: its own script, the SDK, and frames from the event origins. */
export function launcherCsp({ sdkUrl, eventOrigins, nonce }: LauncherPageOptions): string {
  const sdkOrigin = new URL(sdkUrl).origin
  const frames = [...new Set([sdkOrigin, ...eventOrigins])].join(' ')
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}' ${sdkOrigin}`,
    `style-src 'nonce-${nonce}'`,
    `frame-src ${frames}`,
    `connect-src 'self' ${frames}`,
    "img-src 'self' data:",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ')
}

export function renderLauncherPage(options: LauncherPageOptions): string {
  const config = {
    sdkUrl: options.sdkUrl,
    eventOrigins: options.eventOrigins,
    resultPath: options.resultPath ?? null,
    resultType: SIGNUP_RESULT_TYPE,
  }
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Connect WhatsApp</title>
<style nonce="${options.nonce}">
body{font:16px/1.5 system-ui,sans-serif;margin:0;display:grid;place-items:center;min-height:100vh;background:#f4f6f8;color:#1c1e21}
main{background:#fff;border-radius:12px;padding:32px;max-width:420px;box-shadow:0 2px 12px #0002;text-align:center}
button{font:inherit;font-weight:600;color:#fff;background:#1877f2;border:0;border-radius:6px;padding:12px 20px;cursor:pointer}
button:disabled{opacity:.5;cursor:default}
#status{min-height:1.5em;margin-top:16px}
</style></head>
<body><main>
<h1>Connect WhatsApp</h1>
<p>Sign in with Facebook to connect your WhatsApp Business Account.</p>
<button id="launch" type="button" disabled>Continue with Facebook</button>
<p id="status" role="status"></p>
</main>
<script nonce="${options.nonce}">${launcherScript(json(config))}</script>
</body></html>`
}

function launcherScript(config: string): string {
  return String.raw`(function () {
  'use strict';
  var cfg = ${config};
  var q = new URLSearchParams(location.search);
  var p = {
    state: q.get('state') || '',
    appId: q.get('app_id') || '',
    configId: q.get('config_id') || '',
    version: q.get('version') || '',
    featureType: q.get('feature_type'),
    opener: q.get('opener')
  };
  var status = document.getElementById('status');
  var button = document.getElementById('launch');
  function say(text) { status.textContent = text; }
  var valid = /^[A-Za-z0-9-]{16,200}$/.test(p.state) && /^\d{1,20}$/.test(p.appId) &&
    /^\d{1,20}$/.test(p.configId) && /^v\d+\.\d+$/.test(p.version) &&
    (p.featureType === null || p.featureType === 'whatsapp_business_app_onboarding') &&
    (p.opener === null || /^http:\/\/(127\.0\.0\.1|localhost|\[::1\]):\d{1,5}$/.test(p.opener));
  if (!valid) { say('This link is incomplete. Start again from the console.'); return; }

  var events = [];
  window.addEventListener('message', function (event) {
    // Exact origins only (Meta documents endsWith('facebook.com'), which evilfacebook.com passes).
    if (cfg.eventOrigins.indexOf(event.origin) < 0) return;
    var data = event.data;
    try {
      var parsed = typeof data === 'string' ? JSON.parse(data) : data;
      if (parsed && parsed.type === 'WA_EMBEDDED_SIGNUP') events.push(data);
    } catch (e) { /* the SDK's own non-JSON messages */ }
  });

  var delivered = false;
  function deliver(code) {
    if (delivered) return;
    delivered = true;
    var message = { type: cfg.resultType, state: p.state, code: code, events: events };
    if (p.opener && window.opener) {
      window.opener.postMessage(message, p.opener);
    } else {
      window.postMessage(message, location.origin);
    }
    if (cfg.resultPath) {
      fetch(cfg.resultPath, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ state: p.state, code: code, events: events })
      }).catch(function () { say('Could not reach the console. Try again.'); });
    }
    say(code ? 'Done. You can close this window.' : 'Signup was not completed. You can close this window.');
  }

  window.fbAsyncInit = function () {
    FB.init({ appId: p.appId, autoLogAppEvents: true, xfbml: true, version: p.version });
    button.disabled = false;
  };
  button.addEventListener('click', function () {
    var extras = { setup: {}, sessionInfoVersion: '3', version: 'v4' };
    if (p.featureType) extras.featureType = p.featureType;
    button.disabled = true;
    say('Finish the steps in the Facebook window.');
    FB.login(function (response) {
      var code = response && response.authResponse && response.authResponse.code || null;
      // The session-info event is posted before the callback runs; a short grace covers one in flight.
      setTimeout(function () { deliver(code); }, 300);
    }, {
      config_id: p.configId,
      response_type: 'code',
      override_default_response_type: true,
      extras: extras
    });
  });

  var sdk = document.createElement('script');
  sdk.async = true;
  sdk.defer = true;
  sdk.crossOrigin = 'anonymous';
  sdk.src = cfg.sdkUrl;
  sdk.onerror = function () { say('Could not load the Facebook SDK.'); };
  document.body.appendChild(sdk);
})();`
}
