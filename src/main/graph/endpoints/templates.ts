import { z } from 'zod'
import type { GraphClient } from '../graph-client'

export const templateSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    language: z.string(),
    status: z.string(),
    category: z.string(),
    sub_category: z.string().optional(),
    parameter_format: z.string().optional(),
    components: z.array(z.record(z.string(), z.unknown())).default([]),
    rejected_reason: z.string().optional(),
  })
  .passthrough()
export type Template = z.infer<typeof templateSchema>

const pageSchema = z
  .object({
    data: z.array(templateSchema),
    paging: z
      .object({
        cursors: z
          .object({ before: z.string().optional(), after: z.string().optional() })
          .partial()
          .optional(),
        next: z.string().optional(),
      })
      .passthrough()
      .optional(),
  })
  .passthrough()

export interface NewTemplate {
  name: string
  language: string
  category: 'utility' | 'marketing' | 'authentication' | 'UTILITY' | 'MARKETING' | 'AUTHENTICATION'
  parameter_format?: 'named' | 'positional' | 'NAMED' | 'POSITIONAL'
  components: Record<string, unknown>[]
}

const TEMPLATE_FIELDS =
  'id,name,language,status,category,sub_category,parameter_format,components,rejected_reason'

/** Message templates of a WABA (https://developers.facebook.com/documentation/business-messaging/whatsapp/templates/template-management). */
export function templateEndpoints(graph: GraphClient) {
  const page = (wabaId: string, after?: string, status?: string) =>
    graph.call({
      method: 'GET',
      path: `/${wabaId}/message_templates`,
      query: {
        limit: 100,
        after,
        status,
        fields: TEMPLATE_FIELDS,
      },
      token: { kind: 'business', wabaId },
      schema: pageSchema,
      endpoint: 'templates',
      idempotent: true,
    })

  return {
    page,
    /** One template as Meta stores it (authentication templates come back expanded from the preset). */
    get(wabaId: string, templateId: string) {
      return graph.call({
        method: 'GET',
        path: `/${templateId}`,
        query: { fields: TEMPLATE_FIELDS },
        token: { kind: 'business', wabaId },
        schema: templateSchema,
        endpoint: 'templates',
        idempotent: true,
      })
    },
    /** Every template, following the paging cursors. */
    async listAll(wabaId: string, status?: string): Promise<Template[]> {
      const all: Template[] = []
      let after: string | undefined
      for (let guard = 0; guard < 100; guard++) {
        const result = await page(wabaId, after, status)
        all.push(...result.data)
        after = result.paging?.next ? result.paging.cursors?.after : undefined
        if (!after) break
      }
      return all
    },

    create(wabaId: string, template: NewTemplate) {
      return graph.call({
        method: 'POST',
        path: `/${wabaId}/message_templates`,
        json: template,
        token: { kind: 'business', wabaId },
        schema: z
          .object({ id: z.string(), status: z.string(), category: z.string() })
          .passthrough(),
        endpoint: 'templates',
        // Meta refuses a duplicate name+language, so a repeat after a lost answer fails loudly, not twice.
        idempotent: false,
      })
    },

    delete(wabaId: string, by: { name: string; hsmId?: string }) {
      return graph.call({
        method: 'DELETE',
        path: `/${wabaId}/message_templates`,
        query: { name: by.name, hsm_id: by.hsmId },
        token: { kind: 'business', wabaId },
        schema: z.object({ success: z.boolean() }).passthrough(),
        endpoint: 'templates',
        idempotent: true,
      })
    },
  }
}
