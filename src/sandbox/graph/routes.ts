import type { ObjectKind } from '../world/world'
import { getBusiness, listClientWabas, listExtendedCredits, listOwnedWabas } from './business'
import type { GraphMethod, GraphRoute } from './context'
import {
  deleteAllocation,
  getAllocation,
  getCreditLine,
  listAllocations,
  shareAndAttach,
} from './credit'
import { deleteMedia, getMedia, uploadMedia } from './media'
import { sendMessage } from './messages'
import { getPhone, getWaba, listPhoneNumbers, updatePhone } from './phones'
import { deregister, register } from './registration'
import { requestSmbAppData } from './smb-app-data'
import { listSubscribedApps, subscribeApp, unsubscribeApp } from './subscriptions'
import {
  createTemplate,
  deleteTemplates,
  editTemplate,
  getTemplate,
  listTemplates,
} from './templates'

/**
 * The Graph routes by (object kind, method, edge). Graph resolves `/{id}/{edge}` by looking the
 * id up first, so the sandbox does the same: the id's kind picks the table row.
 */
const table: Partial<Record<ObjectKind, Partial<Record<`${GraphMethod} ${string}`, GraphRoute>>>> =
  {
    app: {
      'GET ': {
        endpoint: 'business',
        handler: (call, ctx) => ({ id: call.id, name: ctx.world.config.app_name }),
      },
    },
    business: {
      'GET ': { endpoint: 'business', handler: getBusiness },
      'GET extendedcredits': { endpoint: 'extendedcredits', handler: listExtendedCredits },
      'GET client_whatsapp_business_accounts': {
        endpoint: 'client_wabas',
        handler: listClientWabas,
      },
      'GET owned_whatsapp_business_accounts': { endpoint: 'client_wabas', handler: listOwnedWabas },
    },
    credit_line: {
      'GET ': { endpoint: 'credit_sharing', handler: getCreditLine },
      'POST whatsapp_credit_sharing_and_attach': {
        endpoint: 'credit_sharing',
        handler: shareAndAttach,
      },
      'GET owning_credit_allocation_configs': {
        endpoint: 'credit_sharing',
        handler: listAllocations,
      },
    },
    allocation: {
      'GET ': { endpoint: 'allocation', handler: getAllocation },
      'DELETE ': { endpoint: 'allocation', handler: deleteAllocation },
    },
    waba: {
      'GET ': { endpoint: 'waba', handler: getWaba },
      'GET phone_numbers': { endpoint: 'phone_numbers', handler: listPhoneNumbers },
      'GET subscribed_apps': { endpoint: 'subscribed_apps', handler: listSubscribedApps },
      'POST subscribed_apps': { endpoint: 'subscribed_apps', handler: subscribeApp },
      'DELETE subscribed_apps': { endpoint: 'subscribed_apps', handler: unsubscribeApp },
      'GET message_templates': { endpoint: 'templates', handler: listTemplates },
      'POST message_templates': { endpoint: 'templates', handler: createTemplate },
      'DELETE message_templates': { endpoint: 'templates', handler: deleteTemplates },
    },
    phone: {
      'GET ': { endpoint: 'phone_numbers', handler: getPhone },
      'POST ': { endpoint: 'phone_numbers', handler: updatePhone },
      'POST register': { endpoint: 'register', handler: register },
      'POST deregister': { endpoint: 'deregister', handler: deregister },
      'POST smb_app_data': { endpoint: 'smb_app_data', handler: requestSmbAppData },
      'POST messages': { endpoint: 'messages', handler: sendMessage },
      'POST media': { endpoint: 'media', handler: uploadMedia },
    },
    media: {
      'GET ': { endpoint: 'media', handler: getMedia },
      'DELETE ': { endpoint: 'media', handler: deleteMedia },
    },
    template: {
      'GET ': { endpoint: 'templates', handler: getTemplate },
      'POST ': { endpoint: 'templates', handler: editTemplate },
    },
  }

/** Graph's node type names, used in "Tried accessing nonexisting field (x) on node type (T)". */
export const NODE_TYPES: Record<ObjectKind, string> = {
  app: 'Application',
  business: 'Business',
  credit_line: 'ExtendedCredit',
  allocation: 'ExtendedCreditAllocationConfig',
  waba: 'WhatsAppBusinessAccount',
  phone: 'WhatsAppBusinessPhoneNumber',
  media: 'WhatsAppBusinessMedia',
  template: 'WhatsAppMessageTemplate',
  user: 'User',
}

export function findRoute(
  kind: ObjectKind,
  method: GraphMethod,
  edge: string,
): GraphRoute | undefined {
  return table[kind]?.[`${method} ${edge}`]
}
