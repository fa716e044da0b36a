import { createHash } from 'node:crypto'

/** A claim's id follows from its key, so every relay instance names the same work the same way. */
export const claimIdFor = (key: string): string =>
  createHash('sha256').update(key).digest().subarray(0, 16).toString('base64url')
