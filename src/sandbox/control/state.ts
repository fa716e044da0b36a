import type { World } from '../world/world'
import type { FaultConfig } from '../wiring/faults'

/**
 * `GET /_sandbox/state`: everything a test or a trainer wants to see, and nothing secret.
 * Decision: access tokens, auth codes, two-step PINs and the app secret never appear here — state
 * dumps get pasted into bug reports. A PIN shows as `pin_set`, a token as its last 6 characters.
 * Tests get tokens from the code exchange (as the product does) and the partner's credentials
 * from `GET /_sandbox/config`, which exists to hand them out.
 */
export interface StateOptions {
  /** How many of the most recent sent/received messages to include (default 200). */
  messages: number
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())
const hint = (token: string) => `…${token.slice(-6)}`

function lastN<T>(map: Map<string, T>, n: number): T[] {
  const out: T[] = []
  if (n <= 0) return out
  const skip = Math.max(0, map.size - n)
  let i = 0
  for (const value of map.values()) if (i++ >= skip) out.push(value)
  return out.reverse()
}

export function snapshot(
  world: World,
  faults: FaultConfig | null,
  options: StateOptions,
): Record<string, unknown> {
  const config = world.config
  return {
    now: iso(world.clock.now()),
    partner: {
      business_id: config.business_id,
      app_id: config.app_id,
      credit_line_id: config.credit_line_id,
    },
    businesses: [...world.businesses.values()].map((b) => ({
      id: b.id,
      name: b.name,
      created_at: iso(b.created_at),
    })),
    wabas: [...world.wabas.values()].map((w) => ({
      id: w.id,
      name: w.name,
      owner_business_id: w.owner_business_id,
      currency: w.currency,
      timezone_id: w.timezone_id,
      primary_funding_id: w.primary_funding_id,
      created_at: iso(w.created_at),
    })),
    phones: [...world.phones.values()].map((p) => ({
      id: p.id,
      waba_id: p.waba_id,
      display_phone_number: p.display_phone_number,
      verified_name: p.verified_name,
      quality_rating: p.quality_rating,
      throughput_level: p.throughput_level,
      registered: p.registered,
      pin_set: p.pin !== null,
      data_localization_region: p.data_localization_region,
      registration_requests: p.registration_requests.map((t) => iso(t)),
      registration_blocked_until:
        p.registration_blocked_until > 0 ? iso(p.registration_blocked_until) : null,
      webhook_override: p.webhook_override?.override_callback_uri ?? null,
      coexistence: p.coexistence,
      /** Coexistence: each `smb_app_data` sync accepted (at most one per type). */
      smb_app_data: Object.entries(p.smb_sync ?? {}).map(([syncType, r]) => ({
        sync_type: syncType,
        request_id: r.request_id,
        requested_at: iso(r.requested_at),
      })),
    })),
    subscriptions: [...world.wabas.values()].flatMap((w) =>
      [...w.subscriptions.values()].map((s) => ({
        waba_id: w.id,
        app_id: s.app_id,
        subscribed_at: iso(s.subscribed_at),
        override_callback_uri: s.override?.override_callback_uri ?? null,
      })),
    ),
    credit_allocations: [...world.allocations.values()].map((a) => ({
      ...a,
      created_at: iso(a.created_at),
    })),
    templates: [...world.templates.values()].map((t) => ({
      id: t.id,
      waba_id: t.waba_id,
      name: t.name,
      language: t.language,
      category: t.category,
      status: t.status,
      rejected_reason: t.rejected_reason,
    })),
    tokens: [...world.tokens.values()].map((t) => ({
      token: hint(t.value),
      kind: t.kind,
      user_id: t.user_id,
      waba_ids: world.users.get(t.user_id)?.waba_ids ?? [],
      issued_at: iso(t.issued_at),
      expires_at: iso(t.expires_at),
      revoked: t.revoked,
    })),
    media: [...world.media.values()].map((m) => ({
      id: m.id,
      phone_id: m.phone_id,
      mime_type: m.mime_type,
      file_size: m.file_size,
      sha256: m.sha256,
      expires_at: iso(m.expires_at),
    })),
    messages_sent: {
      total: world.sent.size,
      recent: lastN(world.sent, options.messages).map((m) => ({
        id: m.id,
        phone_id: m.phone_id,
        to: m.wa_id,
        type: m.type,
        template: m.template?.name ?? null,
        /** The request body as accepted: text, media, template parameters, interactive payload. */
        payload: m.payload,
        status: m.status,
        history: m.history.map((h) => ({ status: h.status, at: iso(h.timestamp) })),
        pricing: m.pricing,
        errors: m.errors,
        created_at: iso(m.created_at),
      })),
    },
    messages_received: {
      total: world.inbound.size,
      recent: lastN(world.inbound, options.messages).map((m) => ({
        ...m,
        timestamp: iso(m.timestamp),
      })),
    },
    faults,
  }
}
