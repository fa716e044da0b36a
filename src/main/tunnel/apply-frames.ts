import type { EventFrame } from '@shared/relay/protocol'
import type { ApplyOutcome, IncomingRelayEvent, RelayEventsRepo } from '../store/relay-events-repo'
import { dedupeKeys } from './dedupe-keys'

/** An event frame as the store takes it: the exact body bytes back, and its wamid keys. */
export function decodeEvent(frame: EventFrame): IncomingRelayEvent {
  const utf8 = frame.encoding === 'utf8'
  const body = Buffer.from(frame.body, utf8 ? 'utf8' : 'base64')
  return {
    cursor: frame.cursor,
    receivedAt: frame.receivedAt,
    headers: frame.headers,
    body,
    keys: dedupeKeys(utf8 ? frame.body : body.toString('utf8')),
  }
}

/**
 * Applies frames that arrived together (in log order) as one transaction, the relay's cursor
 * included: the unit the desktop acknowledges afterwards.
 */
export function applyFrames(
  repo: RelayEventsRepo,
  relayKey: string,
  logId: string,
  frames: readonly EventFrame[],
): ApplyOutcome {
  return repo.apply(relayKey, logId, frames.map(decodeEvent))
}
