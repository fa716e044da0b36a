import type { RebuildOptions } from '@electron/rebuild'

export { electronNativeBindingPath, electronNativeDir } from './electron-native-path.mjs'

export interface EnsureElectronNativeOptions {
  electronVersion: string
  platform?: NodeJS.Platform
  arch?: string
  log?: (line: string) => void
  /** Project root; tests point it at a temp dir. */
  root?: string
  /** @electron/rebuild's `rebuild`; tests pass a fake. */
  rebuild?: (options: RebuildOptions) => Promise<void>
}

export declare function ensureElectronNative(options: EnsureElectronNativeOptions): Promise<string>
export declare function withoutNodedir<T>(task: () => Promise<T>): Promise<T>
