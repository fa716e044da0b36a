import { z } from 'zod'
import type { GraphClient, RawResponse } from '../graph-client'

const mediaInfoSchema = z
  .object({
    messaging_product: z.string().optional(),
    url: z.string(),
    mime_type: z.string(),
    sha256: z.string().optional(),
    file_size: z.coerce.number().optional(),
    id: z.string(),
  })
  .passthrough()
export type MediaInfo = z.infer<typeof mediaInfoSchema>

/** Upload, look up, download and delete media (https://developers.facebook.com/documentation/business-messaging/whatsapp/business-phone-numbers/media). */
export function mediaEndpoints(graph: GraphClient) {
  return {
    upload(
      wabaId: string,
      phoneNumberId: string,
      file: { bytes: Uint8Array; mimeType: string; filename: string },
    ) {
      const form = new FormData()
      form.set('messaging_product', 'whatsapp')
      form.set('type', file.mimeType)
      form.set('file', new Blob([file.bytes], { type: file.mimeType }), file.filename)
      return graph.call({
        method: 'POST',
        path: `/${phoneNumberId}/media`,
        multipart: form,
        token: { kind: 'business', wabaId },
        schema: z.object({ id: z.string() }).passthrough(),
        endpoint: 'media',
        idempotent: false,
        timeoutMs: 120_000,
      })
    },

    /** The download URL is valid for 5 minutes: fetch it right before downloading. */
    info(wabaId: string, mediaId: string) {
      return graph.call({
        method: 'GET',
        path: `/${mediaId}`,
        token: { kind: 'business', wabaId },
        schema: mediaInfoSchema,
        endpoint: 'media',
        idempotent: true,
      })
    },

    /** Downloads with the Bearer token (Meta refuses the URL without it). */
    download(wabaId: string, url: string): Promise<RawResponse> {
      return graph.call({
        method: 'GET',
        path: '',
        absoluteUrl: url,
        raw: true,
        token: { kind: 'business', wabaId },
        schema: z.any(),
        endpoint: 'media_download',
        idempotent: true,
        timeoutMs: 120_000,
      }) as Promise<RawResponse>
    },

    delete(wabaId: string, mediaId: string) {
      return graph.call({
        method: 'DELETE',
        path: `/${mediaId}`,
        token: { kind: 'business', wabaId },
        schema: z.object({ success: z.boolean() }).passthrough(),
        endpoint: 'media',
        idempotent: true,
      })
    },
  }
}
