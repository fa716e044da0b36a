import { describe, expect, it } from 'vitest'
import { browserFallbackMessage, chooseStartMode, exitCodeOf } from './start.mjs'

const withDisplay = { DISPLAY: ':0' }
const binary = '/opt/electron/electron'

describe('chooseStartMode', () => {
  it('starts Electron when the package resolves to an existing binary', () => {
    const decision = chooseStartMode({
      resolveElectron: () => binary,
      exists: (path) => path === binary,
      platform: 'linux',
      env: withDisplay,
    })
    expect(decision).toEqual({ mode: 'electron', electronPath: binary })
  })

  it('falls back to browser mode with the error when the binary cannot be resolved', () => {
    const decision = chooseStartMode({
      resolveElectron: () => {
        throw new Error('Electron failed to install correctly.\nTypeError: fetch failed')
      },
      exists: () => true,
      platform: 'linux',
      env: withDisplay,
    })
    expect(decision.mode).toBe('browser')
    // Only the first line: the stack-like tail of the download error is noise for a user.
    expect(decision).toEqual({
      mode: 'browser',
      reason: 'the Electron binary is not available (Electron failed to install correctly.)',
      remedy: expect.stringContaining('where the Electron binary can be downloaded'),
    })
  })

  it('reports a non-Error throw as text', () => {
    const decision = chooseStartMode({
      resolveElectron: () => {
        throw 'offline'
      },
      exists: () => true,
      platform: 'darwin',
      env: {},
    })
    expect(decision).toEqual({
      mode: 'browser',
      reason: 'the Electron binary is not available (offline)',
      remedy: expect.stringContaining('where the Electron binary can be downloaded'),
    })
  })

  it('falls back when the resolved path does not exist or is not a path', () => {
    const missing = chooseStartMode({
      resolveElectron: () => binary,
      exists: () => false,
      platform: 'win32',
      env: {},
    })
    expect(missing).toEqual({
      mode: 'browser',
      reason: `the Electron binary is missing at ${binary}`,
      remedy: expect.stringContaining('where the Electron binary can be downloaded'),
    })
    const notPath = chooseStartMode({
      resolveElectron: () => ({}),
      exists: () => true,
      platform: 'win32',
      env: {},
    })
    expect(notPath.mode).toBe('browser')
  })

  it('does not even resolve Electron on a Linux machine without a display', () => {
    let resolved = false
    const decision = chooseStartMode({
      resolveElectron: () => {
        resolved = true
        return binary
      },
      exists: () => true,
      platform: 'linux',
      env: {},
    })
    expect(resolved).toBe(false)
    expect(decision.mode).toBe('browser')
    expect(decision.mode === 'browser' && decision.reason).toContain('no graphical display')
    expect(decision.mode === 'browser' && decision.remedy).toContain('graphical session')
    expect(decision.mode === 'browser' && decision.remedy).not.toContain('downloaded')
  })

  it('accepts a Wayland-only session as a display', () => {
    const decision = chooseStartMode({
      resolveElectron: () => binary,
      exists: () => true,
      platform: 'linux',
      env: { WAYLAND_DISPLAY: 'wayland-0' },
    })
    expect(decision.mode).toBe('electron')
  })

  it('needs no display variables outside Linux', () => {
    const decision = chooseStartMode({
      resolveElectron: () => binary,
      exists: () => true,
      platform: 'darwin',
      env: {},
    })
    expect(decision.mode).toBe('electron')
  })
})

describe('browserFallbackMessage', () => {
  it('is one paragraph that gives the reason, the remedy and says browser mode is starting', () => {
    const message = browserFallbackMessage({
      reason: 'the Electron binary is not available (fetch failed)',
      remedy: 'Download it.',
    })
    expect(message).not.toContain('\n')
    expect(message).toContain('the Electron binary is not available (fetch failed)')
    expect(message).toContain('Starting browser mode instead')
    expect(message).toMatch(/Download it\.$/)
  })

  it('blames the display, not the binary, on a machine without one', () => {
    const decision = chooseStartMode({
      resolveElectron: () => binary,
      exists: () => true,
      platform: 'linux',
      env: {},
    })
    if (decision.mode !== 'browser') throw new Error('expected browser mode')
    const message = browserFallbackMessage(decision)
    expect(message).toContain('no graphical display')
    expect(message).not.toContain('Electron binary')
  })
})

describe('exitCodeOf', () => {
  it('passes an exit code through, zero included', () => {
    expect(exitCodeOf(0, null)).toBe(0)
    expect(exitCodeOf(3, null)).toBe(3)
  })

  it('maps a signal to 128 + its number, as shells do', () => {
    expect(exitCodeOf(null, 'SIGINT')).toBe(130)
    expect(exitCodeOf(null, 'SIGTERM')).toBe(143)
  })

  it('reports failure when neither is known', () => {
    expect(exitCodeOf(null, null)).toBe(1)
  })
})
