export interface ElectronTarget {
  electronVersion: string
  platform: string
  arch: string
}

export declare function electronNativeDir(root: string, target: ElectronTarget): string
export declare function electronNativeBindingPath(root: string, target: ElectronTarget): string
