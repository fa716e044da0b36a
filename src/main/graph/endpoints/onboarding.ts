import { z } from 'zod'
import { AppError } from '@shared/contract/errors'
import { registerSecret } from '@shared/redact'
import type { GraphClient } from '../graph-client'

const success = z.object({ success: z.boolean() }).passthrough()

const tokenSchema = z
  .object({
    access_token: z.string().min(1),
    token_type: z.string().optional(),
    expires_in: z.coerce.number().optional(),
  })
  .passthrough()

const debugTokenSchema = z.object({
  data: z
    .object({
      app_id: z.string().optional(),
      application: z.string().optional(),
      type: z.string().optional(),
      is_valid: z.boolean(),
      expires_at: z.number().optional(),
      data_access_expires_at: z.number().optional(),
      scopes: z.array(z.string()).default([]),
      granular_scopes: z
        .array(
          z.object({ scope: z.string(), target_ids: z.array(z.string()).optional() }).passthrough(),
        )
        .default([]),
      user_id: z.string().optional(),
    })
    .passthrough(),
})
export type DebugTokenData = z.infer<typeof debugTokenSchema>['data']

const subscribedAppsSchema = z.object({
  data: z.array(
    z
      .object({
        whatsapp_business_api_data: z
          .object({ id: z.string(), link: z.string().optional(), name: z.string().optional() })
          .passthrough()
          .optional(),
        override_callback_uri: z.string().optional(),
      })
      .passthrough(),
  ),
})

/** Embedded Signup follow-up calls, in the order Meta documents for Solution Partners (https://developers.facebook.com/documentation/business-messaging/whatsapp/embedded-signup/onboarding-customers-as-a-solution-partner). */
export function onboardingEndpoints(
  graph: GraphClient,
  deps: { appId: () => string | null; appSecret: () => Promise<string | null> },
) {
  return {
    /** Exchanges the 30-second ES code for the client's business token (https://developers.facebook.com/documentation/business-messaging/whatsapp/embedded-signup/onboarding-customers-as-a-solution-partner). */
    async exchangeCode(code: string): Promise<{ accessToken: string; expiresIn: number | null }> {
      const appId = deps.appId()
      const secret = await deps.appSecret()
      if (!appId || !secret) {
        throw new AppError(
          'CONFIG',
          'Exchanging the signup code needs the Meta app ID and app secret.',
          {
            fix: 'Set FACEBOOK_APP_ID and the app secret in Settings.',
          },
        )
      }
      registerSecret(code)
      const result = await graph.call({
        method: 'GET',
        path: '/oauth/access_token',
        query: { client_id: appId, client_secret: secret, code },
        token: { kind: 'none' },
        schema: tokenSchema,
        endpoint: 'oauth',
        // A code works once: a retry after a lost answer would always fail as "used".
        idempotent: false,
      })
      registerSecret(result.access_token)
      return { accessToken: result.access_token, expiresIn: result.expires_in ?? null }
    },

    /** Inspects a token with the app token; WABA ids are newest first in the granular scopes. */
    async debugToken(inputToken: string): Promise<DebugTokenData> {
      registerSecret(inputToken)
      const result = await graph.call({
        method: 'GET',
        path: '/debug_token',
        query: { input_token: inputToken },
        token: { kind: 'app' },
        schema: debugTokenSchema,
        endpoint: 'debug_token',
        idempotent: true,
      })
      return result.data
    },

    subscribeApp(wabaId: string, override?: { callbackUri: string; verifyToken: string }) {
      return graph.call({
        method: 'POST',
        path: `/${wabaId}/subscribed_apps`,
        json: override
          ? { override_callback_uri: override.callbackUri, verify_token: override.verifyToken }
          : undefined,
        token: { kind: 'business', wabaId },
        schema: success,
        endpoint: 'subscribed_apps',
        idempotent: true,
      })
    },

    listSubscribedApps(wabaId: string) {
      return graph.call({
        method: 'GET',
        path: `/${wabaId}/subscribed_apps`,
        token: { kind: 'business', wabaId },
        schema: subscribedAppsSchema,
        endpoint: 'subscribed_apps',
        idempotent: true,
      })
    },

    unsubscribeApp(wabaId: string) {
      return graph.call({
        method: 'DELETE',
        path: `/${wabaId}/subscribed_apps`,
        token: { kind: 'business', wabaId },
        schema: success,
        endpoint: 'subscribed_apps',
        idempotent: true,
      })
    },
  }
}
