import type { AppInfo } from '@shared/contract/app'

/** What `app:info` answers in sandbox mode; `overrides` change a field (a live app, a clock offset). */
export function appInfo(overrides: Partial<AppInfo> = {}): AppInfo {
  return {
    name: 'WA Partner Console',
    version: '0.1.0',
    mode: 'sandbox',
    modeReason: 'No Meta app is configured.',
    dataDir: '/tmp/wapc',
    platform: 'linux',
    runtime: 'node',
    graphBaseUrl: 'http://127.0.0.1:5180',
    graphApiVersion: 'v25.0',
    sandboxUrl: 'http://127.0.0.1:5180',
    notices: [],
    platformClockOffsetMs: 0,
    ...overrides,
  }
}
