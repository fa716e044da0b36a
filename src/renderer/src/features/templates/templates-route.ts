import { hrefForItem } from '../shell/routes'

/** `#/clients/<id>/templates`: the client's WhatsApp message templates. */
export const templatesHref = (clientId: string) => `${hrefForItem('clients', clientId)}/templates`

/** The subpage of a client (`useHashSubpage()`) that shows its templates. */
export const TEMPLATES_SUBPAGE = 'templates'
