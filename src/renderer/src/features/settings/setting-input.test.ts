import { describe, expect, it } from 'vitest'
import { choicesFor, parseSettingInput } from './setting-input'

describe('parseSettingInput', () => {
  it('accepts a value the contract schema accepts and builds the patch', () => {
    expect(parseSettingInput('graphApiVersion', ' v24.0 ')).toEqual({
      ok: true,
      patch: { key: 'graphApiVersion', value: 'v24.0' },
    })
  })

  it("rejects a value with the schema's own message", () => {
    const result = parseSettingInput('graphApiVersion', 'v25')
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.message).toContain('like v25.0')
  })

  it('rejects a non-http URL for the Graph base URL', () => {
    expect(parseSettingInput('graphBaseUrl', 'ftp://example.com').ok).toBe(false)
    expect(parseSettingInput('graphBaseUrl', 'https://graph.facebook.com').ok).toBe(true)
  })

  it('asks for a value instead of saving an empty one', () => {
    const result = parseSettingInput('facebookAppId', '   ')
    expect(result).toEqual({
      ok: false,
      message: 'Enter a value, or use Reset to remove the saved one.',
    })
  })
})

describe('choicesFor', () => {
  it('lists the options of an enum setting and nothing for free text', () => {
    expect(choicesFor('theme')).toEqual(['system', 'light', 'dark'])
    expect(choicesFor('graphApiVersion')).toBeNull()
  })
})
