import { randomBytes } from 'node:crypto'

/**
 * Identifier shapes as Meta mints them, for payloads that look real:
 *   newWamid(waId)  'wamid.' + base64 of a small protobuf-like frame holding the user's number and
 *                   a random message key (real wamids decode the same way: HBgL<number>FQIA…)
 *   newMediaId()    15–16 digit numeric id (media ids are numeric strings)
 *   newSha256()     base64 SHA-256-sized digest, as in inbound media objects
 */
export function newWamid(waId: string, random: () => number = Math.random): string {
  const key = Array.from({ length: 20 }, () =>
    Math.floor(random() * 16)
      .toString(16)
      .toUpperCase(),
  ).join('')
  const digits = waId.replace(/\D/g, '')
  const frame = Buffer.concat([
    Buffer.from([0x18, digits.length]),
    Buffer.from(digits),
    Buffer.from([0x15, 0x02, 0x00, 0x12, 0x18, key.length]),
    Buffer.from(key),
    Buffer.from([0x00]),
  ])
  return `wamid.${frame.toString('base64')}`
}

export function newMediaId(random: () => number = Math.random): string {
  let id = String(1 + Math.floor(random() * 9))
  while (id.length < 16) id += String(Math.floor(random() * 10))
  return id
}

export function newSha256(): string {
  return randomBytes(32).toString('base64')
}
