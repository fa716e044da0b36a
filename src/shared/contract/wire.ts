import { z } from 'zod'
import { resultSchema } from './result'

/**
 * Frames of the loopback WebSocket transport (browser mode). The Electron transport moves the same
 * envelopes over ipcRenderer.invoke; neither transport contains domain logic.
 */
export const clientFrameSchema = z.strictObject({
  type: z.literal('invoke'),
  id: z.number().int().nonnegative(),
  channel: z.string().max(128),
  /** Absent for channels without input (JSON drops `undefined`). */
  input: z.unknown().optional(),
})
export type ClientFrame = z.infer<typeof clientFrameSchema>

export const serverFrameSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('result'), id: z.number().int(), result: resultSchema }),
  z.object({ type: z.literal('event'), event: z.string(), payload: z.unknown() }),
])
export type ServerFrame = z.infer<typeof serverFrameSchema>

export { IPC_EVENT, IPC_INVOKE, WS_PATH } from './transport'
