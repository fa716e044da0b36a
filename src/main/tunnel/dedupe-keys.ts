/**
 * What makes two webhooks "the same" to the desktop, whatever relay or event id carried them: the
 * inbound messages (`entry[].changes[].value.messages[].id`, a wamid) and the status updates
 * (`statuses[].id` + `status`: one message goes sent → delivered → read) in the body. Meta delivers
 * at least once and may send the same change again in a later POST
 * (https://developers.facebook.com/docs/graph-api/webhooks/getting-started#event-notifications).
 *
 * A body that is not JSON, or has none of these, has no keys: it is deduped by event id only. The
 * messaging domain normalises these bodies later; this only has to recognise repeats, so it reads
 * the few fields it needs and ignores the rest.
 */
export function dedupeKeys(body: string): string[] {
  let parsed: unknown
  try {
    parsed = JSON.parse(body)
  } catch {
    return []
  }
  const keys: string[] = []
  for (const entry of arrayAt(parsed, 'entry')) {
    for (const change of arrayAt(entry, 'changes')) {
      const value = objectAt(change, 'value')
      for (const message of arrayAt(value, 'messages')) {
        const id = stringAt(message, 'id')
        if (id) keys.push(`message:${id}`)
      }
      for (const status of arrayAt(value, 'statuses')) {
        const id = stringAt(status, 'id')
        const state = stringAt(status, 'status')
        if (id && state) keys.push(`status:${id}:${state}`)
      }
    }
  }
  return keys
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

function arrayAt(value: unknown, key: string): unknown[] {
  const found = isObject(value) ? value[key] : undefined
  return Array.isArray(found) ? found : []
}

function objectAt(value: unknown, key: string): unknown {
  return isObject(value) ? value[key] : undefined
}

function stringAt(value: unknown, key: string): string | null {
  const found = isObject(value) ? value[key] : undefined
  return typeof found === 'string' && found.length > 0 && found.length <= 512 ? found : null
}
