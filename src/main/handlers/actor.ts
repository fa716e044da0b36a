import type { CallContext } from '../router'

/** Who acted, for the audit trail: staff through a transport (`user:electron`, `user:web`). */
export const actorOf = (ctx: CallContext) => `user:${ctx.transport}`
