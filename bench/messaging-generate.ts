import { createHash } from 'node:crypto'
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { DATABASE_FILE, openDatabase } from '../src/main/store/database'
import { migrations } from '../src/main/store/migrations'
import { seededRandom } from '../src/shared/random'

/**
 * A console data directory with a generated messaging history: `conversations` conversations over
 * 10 client numbers, `messages` messages in all (a skewed share per conversation, as real
 * inboxes have), text from a Zipf-distributed vocabulary (English and Portuguese words, accents
 * included) so search meets both common and rare words, statuses and unread counts as ingestion
 * leaves them. Rows are written straight into the tables (the FTS index through its triggers);
 * aggregates are then computed the way recomputeConversation does. Cached per size and schema;
 * each run works on a copy (`copyInbox`), so the core's own migrations never touch the cache.
 */

export interface GeneratedInbox {
  dataDir: string
  conversations: number
  messages: number
  /** Words of the vocabulary, most frequent first (search queries draw from it). */
  vocabulary: string[]
  generatedInS: number | null
}

const BASE_WORDS = (
  'order delivery parcel price invoice refund payment tracking address store open hours ' +
  'hello thanks please tomorrow today week size color blue black white small large return ' +
  'exchange discount coupon promo stock available product photo catalog menu booking table ' +
  'olá obrigado preço entrega pedido endereço pagamento amanhã hoje semana tamanho cor azul ' +
  'preto branco pequeno grande troca desconto cupom disponível produto foto catálogo reserva ' +
  'mesa horário loja aberta fechada boleto nota fiscal frete grátis rápido atraso problema'
).split(' ')

function vocabulary(random: () => number): string[] {
  const syllables = ['ka', 'lo', 'mi', 'ra', 'te', 'su', 'ne', 'po', 'dri', 'van', 'qua', 'bel']
  const words = [...BASE_WORDS]
  while (words.length < 5000) {
    let word = ''
    const n = 2 + Math.floor(random() * 3)
    for (let i = 0; i < n; i++) word += syllables[Math.floor(random() * syllables.length)]
    if (!words.includes(word)) words.push(word)
  }
  return words
}

/** Index into the vocabulary, Zipf-like (rank r drawn with weight 1/r). */
function zipf(random: () => number, size: number): number {
  const harmonic = Math.log(size) + 0.5772
  return Math.min(size - 1, Math.floor(Math.exp(random() * harmonic) - 1))
}

export function generateInbox(
  dir: string,
  options: { conversations: number; messages: number; seed?: number },
): GeneratedInbox {
  const { conversations, messages } = options
  const seed = options.seed ?? 9
  const random = seededRandom(seed)
  const words = vocabulary(random)
  // The schema up to messaging's migration: the core applies later ones when it opens a copy.
  const upTo = migrations.slice(0, migrations.findIndex((m) => m.name === 'messaging') + 1)
  const schema = createHash('sha256')
    .update(upTo.map((m) => m.sql).join('\n'))
    .digest('hex')
  const stamp = JSON.stringify({ conversations, messages, seed, schema, v: 1 })
  const dataDir = join(dir, `inbox-${conversations}-${messages}`)
  const stampFile = join(dataDir, 'generated.json')
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp)
    return { dataDir, conversations, messages, vocabulary: words, generatedInS: null }
  rmSync(dataDir, { recursive: true, force: true })
  mkdirSync(dataDir, { recursive: true, mode: 0o700 })
  const started = performance.now()
  const { db } = openDatabase({ file: join(dataDir, DATABASE_FILE), migrations: upTo })
  db.pragma('synchronous = OFF')
  const now = Date.now()
  const yearMs = 365 * 86_400_000
  const insertContact = db.prepare(
    `INSERT INTO contacts (id, wa_id, wa_id_at, profile_name, profile_name_at, created_at, updated_at)
     VALUES (?, ?, 0, ?, 0, ?, ?)`,
  )
  const insertAlias = db.prepare('INSERT INTO contact_aliases (key, contact_id) VALUES (?, ?)')
  const insertConversation = db.prepare(
    `INSERT INTO conversations (id, phone_number_id, display_phone_number, contact_id, read_up_to,
       created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  )
  const insertMessage = db.prepare(
    `INSERT INTO messages (wamid, conversation_id, direction, source, type, text, timestamp, status,
       sent_at, delivered_at, read_at, details, raw, created_at, updated_at)
     VALUES (?, ?, ?, 'webhook', 'text', ?, ?, ?, ?, ?, ?, '{}', ?, ?, ?)`,
  )
  for (let i = 0; i < 10; i++) {
    db.prepare(
      `INSERT INTO clients (id, waba_id, phone_number_id, name, display_phone_number, signup_finish,
         state, signed_up_at, created_at, updated_at, last_activity_at)
       VALUES (?, ?, ?, ?, ?, 'FINISH', 'onboarded', 't', 't', 't', 't')`,
    ).run(`client-${i}`, `waba-${i}`, `pn-${i}`, `Client ${i}`, `1555000${i}000`)
  }
  // Each conversation's share of the messages: skewed (a few long threads, many short ones).
  const weights = Array.from({ length: conversations }, () => 1 / (0.02 + random()))
  const total = weights.reduce((a, b) => a + b, 0)
  let assigned = 0
  const counts = weights.map((w) => {
    const n = Math.max(1, Math.round((w / total) * messages))
    assigned += n
    return n
  })
  counts[0]! += messages - assigned
  let wamid = 0
  const write = db.transaction((from: number, to: number) => {
    for (let c = from; c < to; c++) {
      const id = c + 1
      const waId = `55${11 + (c % 80)}9${String(10_000_000 + c).slice(-8)}`
      insertContact.run(id, waId, `Customer ${c}`, now, now)
      insertAlias.run(`wa:${waId}`, id)
      const n = Math.max(1, counts[c]!)
      const start = now - yearMs + Math.floor(random() * yearMs * 0.9)
      const span = Math.min(now - start, 86_400_000 * (1 + random() * 60))
      const times = Array.from({ length: n }, () => start + Math.floor(random() * span)).sort(
        (a, b) => a - b,
      )
      // Most conversations read up to some point; a quarter have unread messages at the end.
      const readUpTo = random() < 0.25 ? times[Math.floor(n * random())]! : times[n - 1]!
      insertConversation.run(id, `pn-${c % 10}`, `1555000${c % 10}000`, id, readUpTo, now, now)
      for (const at of times) {
        const inbound = random() < 0.55
        const length = 3 + Math.floor(random() * 14)
        let text = ''
        for (let w = 0; w < length; w++)
          text += `${w ? ' ' : ''}${words[zipf(random, words.length)]}`
        const status = inbound ? 'received' : random() < 0.8 ? 'read' : 'delivered'
        insertMessage.run(
          `wamid.gen.${++wamid}`,
          id,
          inbound ? 'in' : 'out',
          text,
          at,
          status,
          inbound ? null : at + 1000,
          inbound ? null : at + 2000,
          status === 'read' ? at + 60_000 : null,
          `{"id":"wamid.gen.${wamid}","type":"text","text":{"body":${JSON.stringify(text)}}}`,
          now,
          now,
        )
      }
    }
  })
  for (let from = 0; from < conversations; from += 2000) {
    write(from, Math.min(conversations, from + 2000))
    process.stdout.write(`\r  generated ${Math.min(conversations, from + 2000)} conversations`)
  }
  process.stdout.write('\n')
  // The aggregates recomputeConversation keeps, in bulk.
  db.exec(`
    UPDATE conversations SET
      last_message_id = (SELECT id FROM messages m WHERE m.conversation_id = conversations.id
        ORDER BY timestamp DESC, id DESC LIMIT 1),
      last_message_at = (SELECT max(timestamp) FROM messages m WHERE m.conversation_id = conversations.id),
      last_inbound_at = (SELECT max(timestamp) FROM messages m
        WHERE m.conversation_id = conversations.id AND direction = 'in'),
      unread_count = (SELECT count(*) FROM messages m WHERE m.conversation_id = conversations.id
        AND direction = 'in' AND timestamp > conversations.read_up_to);
  `)
  db.pragma('wal_checkpoint(TRUNCATE)')
  db.close()
  writeFileSync(stampFile, stamp)
  return {
    dataDir,
    conversations,
    messages,
    vocabulary: words,
    generatedInS: (performance.now() - started) / 1000,
  }
}

/** A fresh copy of a generated data directory's database to run the core on. */
export function copyInbox(inbox: GeneratedInbox, to: string): string {
  rmSync(to, { recursive: true, force: true })
  mkdirSync(to, { recursive: true, mode: 0o700 })
  copyFileSync(join(inbox.dataDir, DATABASE_FILE), join(to, DATABASE_FILE))
  // The migrations added after messaging's run here, not in the measured start: an app open is
  // not an upgrade.
  openDatabase({ file: join(to, DATABASE_FILE) }).db.close()
  return to
}
