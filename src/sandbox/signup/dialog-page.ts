/**
 * Server-rendered HTML of the Embedded Signup dialog (ES v4 steps, https://developers.facebook.com/documentation/business-messaging/whatsapp/embedded-signup/implementation): every step is
 * static markup, hidden until dialog.js shows it; all behaviour lives in dialog.js so the page
 * works under `script-src 'self'; style-src 'self'`.
 *   renderDialogPage(params) → HTML
 *   renderDialogError(message) → HTML (Meta shows an error page for a bad app id / missing config)
 * Each step section carries `data-current-step`: the value a CANCEL from it reports (https://developers.facebook.com/documentation/business-messaging/whatsapp/embedded-signup/implementation).
 */

export interface DialogParams {
  appId: string
  appName: string
  configId: string
  /** Graph version from the path, e.g. "v25.0". */
  version: string
  /** The opener's origin: where the dialog posts its message events. */
  origin: string
  /** The SDK's callback id for this login. */
  cb: string
  extras: Record<string, unknown>
  /** Where the dialog posts the choices (`POST /vNN.N/dialog/oauth/confirm`). */
  signupPath: string
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c)

/** JSON inside `<script type="application/json">`: `<` escaped so no `</script>` can close it. */
const safeJson = (value: unknown): string =>
  JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')

function prefillName(extras: Record<string, unknown>): string {
  const setup = extras.setup as { business?: { name?: unknown } } | undefined
  return typeof setup?.business?.name === 'string' ? setup.business.name : ''
}

const CATEGORIES = [
  'Automotive',
  'Beauty, spa and salon',
  'Clothing and apparel',
  'Education',
  'Entertainment',
  'Event planning and service',
  'Finance and banking',
  'Food and grocery',
  'Public service',
  'Hotel and lodging',
  'Medical and health',
  'Non-profit',
  'Professional services',
  'Shopping and retail',
  'Travel and transportation',
  'Restaurant',
  'Other',
]

function shell(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="/signup/dialog.css">
</head>
<body>
<div class="sandbox-banner">Sandbox · simulated Meta dialog — nothing here reaches Meta</div>
${body}
</body>
</html>
`
}

export function renderDialogError(message: string): string {
  return shell(
    'Error',
    `<main class="card"><h1>Sorry, something went wrong.</h1><p class="error-text">${escapeHtml(message)}</p></main>`,
  )
}

export function renderDialogPage(p: DialogParams): string {
  const config = {
    appId: p.appId,
    configId: p.configId,
    version: p.version,
    origin: p.origin,
    cb: p.cb,
    extras: p.extras,
    signupPath: p.signupPath,
  }
  const name = escapeHtml(prefillName(p.extras))
  const coexOnly = (p.extras.featureType ?? '') === 'whatsapp_business_app_onboarding'
  const options = CATEGORIES.map((c) => `<option>${escapeHtml(c)}</option>`).join('')
  const step = (id: string, current: string, title: string, inner: string) =>
    `<section class="step" data-step="${id}" data-current-step="${current}" hidden>
<h1>${title}</h1>
${inner}
</section>`
  const body = `<main class="card" id="dialog" data-coexistence-only="${coexOnly}">
<header class="app-line">Connect your account with <strong>${escapeHtml(p.appName)}</strong></header>
${step(
  'business',
  'BUSINESS_ACCOUNT_SELECTION',
  'Select your business portfolio',
  `<label>Business portfolio name<input id="business-name" autocomplete="organization" value="${name}" required maxlength="200"></label>
<label>Website<input id="business-website" type="url" placeholder="https://"></label>
<label>Country<select id="business-country"><option>United States</option><option>Brazil</option><option>India</option><option>Germany</option><option>Mexico</option><option>Nigeria</option><option>Other</option></select></label>`,
)}
${step(
  'waba',
  'WABA_PHONE_PROFILE_PICKER',
  'Choose a WhatsApp Business account',
  `<label class="choice"><input type="radio" name="waba-mode" value="create" checked> Create a new WhatsApp Business account</label>
<label>Account name<input id="waba-name" maxlength="200"></label>`,
)}
${step(
  'phone',
  'PHONE_NUMBER_SETUP',
  'Add a phone number for WhatsApp',
  `<label class="choice mode-add"><input type="radio" name="phone-mode" value="add" checked> Add a new number</label>
<label class="choice mode-coexistence"><input type="radio" name="phone-mode" value="coexistence"> Connect your existing WhatsApp Business app</label>
<label class="choice mode-skip"><input type="radio" name="phone-mode" value="skip"> Skip — add a number later</label>
<div id="phone-fields"><label>Phone number<input id="phone-number" type="tel" value="+1 555 01${String(Math.floor(Math.random() * 90) + 10)} ${String(Math.floor(Math.random() * 9000) + 1000)}" maxlength="30"></label>
<fieldset><legend>Verify by</legend><label class="choice"><input type="radio" name="verify-method" value="SMS" checked> Text message</label><label class="choice"><input type="radio" name="verify-method" value="VOICE"> Phone call</label></fieldset></div>`,
)}
${step(
  'verify',
  'PHONE_NUMBER_VERIFICATION',
  'Verify your phone number',
  `<p class="verify-add">Enter the 6-digit code we sent. <span class="hint">Sandbox: any 6 digits work.</span></p>
<label class="verify-add">Code<input id="verify-code" inputmode="numeric" maxlength="6" autocomplete="one-time-code"></label>
<p class="verify-coexistence">Open the WhatsApp Business app on your phone and confirm the connection. <span class="hint">Sandbox: press Next to confirm.</span></p>`,
)}
${step(
  'display-name',
  'WHATSAPP_BUSINESS_PROFILE_SETUP',
  'Create your WhatsApp Business profile',
  `<label>Display name<input id="display-name" maxlength="200"></label>
<p class="hint">Customers see this name. It must follow WhatsApp's display name guidelines.</p>`,
)}
${step(
  'category',
  'WHATSAPP_BUSINESS_PROFILE_SETUP',
  'Choose a category',
  `<label>Category<select id="category">${options}</select></label>`,
)}
${step(
  'permissions',
  'PERMISSIONS',
  'Review what you are sharing',
  `<p>${escapeHtml(p.appName)} will be able to:</p>
<ul><li>Manage your WhatsApp accounts (whatsapp_business_management)</li><li>Send and receive messages (whatsapp_business_messaging)</li></ul>`,
)}
<section class="step" data-step="creating" hidden><h1>Setting up your account…</h1><p class="hint">This takes a moment.</p></section>
<section class="step" data-step="done" hidden><h1>You're all set</h1><p>Your WhatsApp Business account is connected to ${escapeHtml(p.appName)}.</p><dl id="done-ids"></dl></section>
<section class="step" data-step="error" hidden><h1>Something went wrong</h1><p id="error-message" class="error-text"></p></section>
<p id="form-error" class="error-text" role="alert"></p>
<footer class="actions">
<button type="button" id="simulate-error" class="link">Simulate error</button>
<span class="spacer"></span>
<button type="button" id="cancel">Cancel</button>
<button type="button" id="next" class="primary">Next</button>
<button type="button" id="finish" class="primary" hidden>Finish</button>
<button type="button" id="close" hidden>Close</button>
</footer>
</main>
<script type="application/json" id="es-config">${safeJson(config)}</script>
<script src="/signup/dialog.js"></script>`
  return shell('Embedded Signup', body)
}
