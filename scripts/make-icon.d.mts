export declare function renderIcon(size: number): Uint8Array
export declare function encodePng(width: number, height: number, rgba: Uint8Array): Buffer
