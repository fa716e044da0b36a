import { describe, expect, it } from 'vitest'
import { launcherCsp, renderLauncherPage } from './launcher-page'
import { isSignupResultMessage, launcherUrl, SIGNUP_RESULT_TYPE } from './launcher-protocol'

const options = {
  sdkUrl: 'https://connect.facebook.net/en_US/sdk.js',
  eventOrigins: ['https://www.facebook.com', 'https://web.facebook.com'],
  nonce: 'bm9uY2U=',
}

describe('launcher page', () => {
  it('runs only its own nonce’d script and the SDK, framed by the event origins only', () => {
    const csp = launcherCsp(options)
    expect(csp).toContain("script-src 'nonce-bm9uY2U=' https://connect.facebook.net")
    expect(csp).toContain(
      'frame-src https://connect.facebook.net https://www.facebook.com https://web.facebook.com',
    )
    expect(csp).toContain("default-src 'none'")
    expect(csp).toContain("frame-ancestors 'none'")
    const html = renderLauncherPage(options)
    expect(html.match(/<script nonce="bm9uY2U=">/g)).toHaveLength(1)
    expect(html).toContain('Continue with Facebook')
  })

  it('embeds its configuration as inert JSON (no way to close the script tag)', () => {
    const html = renderLauncherPage({
      ...options,
      eventOrigins: ['https://x.example/</script><script>alert(1)//'],
    })
    expect(html).not.toContain('</script><script>alert(1)')
    expect(html).toContain('\\u003c/script>')
  })
})

describe('launcher protocol', () => {
  it('builds the launcher URL with every parameter, and recognises only well-formed results', () => {
    const url = new URL(
      launcherUrl('https://signup.partner.example', {
        state: 'a'.repeat(36),
        appId: '123',
        configId: '456',
        version: 'v25.0',
        featureType: 'whatsapp_business_app_onboarding',
        opener: 'http://127.0.0.1:5173',
      }),
    )
    expect(url.origin + url.pathname).toBe('https://signup.partner.example/signup/launcher')
    expect(Object.fromEntries(url.searchParams)).toEqual({
      state: 'a'.repeat(36),
      app_id: '123',
      config_id: '456',
      version: 'v25.0',
      feature_type: 'whatsapp_business_app_onboarding',
      opener: 'http://127.0.0.1:5173',
    })
    expect(
      isSignupResultMessage({ type: SIGNUP_RESULT_TYPE, state: 's', code: null, events: [] }),
    ).toBe(true)
    expect(
      isSignupResultMessage({ type: SIGNUP_RESULT_TYPE, state: 's', code: 1, events: [] }),
    ).toBe(false)
    expect(isSignupResultMessage('WAPC_SIGNUP_RESULT')).toBe(false)
  })
})
