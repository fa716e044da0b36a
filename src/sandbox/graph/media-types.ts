/** Supported media types and limits: one table, shared with the console (it checks uploads too). */
export * from '@shared/whatsapp/media-types'
