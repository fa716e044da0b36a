import type { SecretStore } from '../secrets/secret-store'
import { creditEndpoints } from './endpoints/credit'
import { mediaEndpoints } from './endpoints/media'
import { messageEndpoints } from './endpoints/messages'
import { onboardingEndpoints } from './endpoints/onboarding'
import { phoneNumberEndpoints } from './endpoints/phone-numbers'
import { templateEndpoints } from './endpoints/templates'
import { createGraphClient, type GraphClientOptions } from './graph-client'

export type { OutboundMessage, SendResult } from './endpoints/messages'
export type { TokenRef } from './graph-client'

/** The Graph API as the product uses it: one client, endpoints grouped by domain. */
export function createGraphApi(options: GraphClientOptions & { secrets: SecretStore }) {
  const client = createGraphClient(options)
  return {
    client,
    onboarding: onboardingEndpoints(client, {
      appId: options.appId,
      appSecret: () => options.secrets.get('app-secret'),
    }),
    credit: creditEndpoints(client),
    phoneNumbers: phoneNumberEndpoints(client),
    messages: messageEndpoints(client),
    media: mediaEndpoints(client),
    templates: templateEndpoints(client),
    close: () => client.close(),
  }
}

export type GraphApi = ReturnType<typeof createGraphApi>
