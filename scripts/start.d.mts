export type StartMode =
  { mode: 'electron'; electronPath: string } | { mode: 'browser'; reason: string; remedy: string }

export interface StartProbe {
  resolveElectron: () => unknown
  exists: (path: string) => boolean
  platform: NodeJS.Platform
  env: Record<string, string | undefined>
}

export declare function chooseStartMode(probe: StartProbe): StartMode
export declare function browserFallbackMessage(decision: { reason: string; remedy: string }): string
export declare function exitCodeOf(code: number | null, signal: NodeJS.Signals | null): number
