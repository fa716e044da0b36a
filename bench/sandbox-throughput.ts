import { Pool } from 'undici'
import { startChild, startSandboxChild } from './lib/children'
import { onboardOverHttp, sandboxControl } from '../src/main/test-support/sandbox-control'
import { json } from './lib/json'

/**
 * Sends per second the sandbox sustains on ONE registered number, with every status webhook
 * (sent → delivered, signed) delivered to a partner endpoint that verifies each signature.
 * Three processes: the sandbox (measured), the webhook receiver, and this load generator.
 * Baseline: 1,000 msg/s — Meta's top throughput tier (https://developers.facebook.com/documentation/business-messaging/whatsapp/throughput).
 */
export interface ThroughputResult {
  durationS: number
  concurrency: number
  accepted: number
  rejected: number
  sendsPerSecond: number
  statusesDelivered: { sent: number; delivered: number }
  badSignatures: number
  webhookPosts: number
  drainMs: number
  sandboxCpuMs: number
  cpuUsPerMessage: number
  sandboxRssMb: number
}

const BASELINE_MPS = 1000

export async function sandboxThroughput(
  options: { durationS?: number; concurrency?: number } = {},
): Promise<ThroughputResult> {
  const durationS = options.durationS ?? 10
  const concurrency = options.concurrency ?? 64
  const sandbox = await startSandboxChild()
  const base = sandbox.url
  const control = sandboxControl(sandbox)
  const config = await control<{ app_secret: string; verify_token: string }>('GET', 'config')
  const receiver = await startChild(
    'bench/webhook-receiver.ts',
    { APP_SECRET: config.app_secret, VERIFY_TOKEN: config.verify_token },
    /RECEIVER_URL=(\S+)/,
  )
  const receiverStats = async () =>
    json<{ posts: number; badSignatures: number; statuses: Record<string, number> }>(
      'GET',
      receiver.value.replace('/webhook', '/stats'),
    )

  try {
    // The partner's app: callback verified by Meta's handshake; a very high number cap so the
    // sandbox itself, not its emulated 80 mps limit, is what is measured.
    await control('POST', 'config', {
      callback_url: receiver.value,
      time_scale: 0.01,
      throughput: 100_000,
    })
    const client = await onboardOverHttp(sandbox, { business_name: 'Bench Co' })
    const { token, phoneNumberId: phone } = client
    const template = await json<{ id: string }>(
      'POST',
      `${base}/v25.0/${client.wabaId}/message_templates`,
      {
        name: 'bench_update',
        language: 'en_US',
        category: 'utility',
        components: [{ type: 'BODY', text: 'Your order has shipped.' }],
      },
      token,
    )
    await control('POST', `templates/${template.id}/status`, { status: 'APPROVED' })

    const pool = new Pool(base, { connections: concurrency, pipelining: 1 })
    const path = `/v25.0/${phone}/messages`
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` }
    let next = 0
    let accepted = 0
    let rejected = 0
    const cpuBefore = (await control('GET', 'stats')) as {
      cpu: { user_us: number; system_us: number }
    }
    const started = Date.now()
    const deadline = started + durationS * 1000
    const worker = async () => {
      while (Date.now() < deadline) {
        // A fresh customer per message keeps the (business, customer) pair limit out of the way.
        const to = String(15_550_000_000 + next++)
        const res = await pool.request({
          method: 'POST',
          path,
          headers,
          body: JSON.stringify({
            messaging_product: 'whatsapp',
            to,
            type: 'template',
            template: { name: 'bench_update', language: { code: 'en_US' } },
          }),
        })
        await res.body.text()
        if (res.statusCode === 200) accepted++
        else rejected++
      }
    }
    await Promise.all(Array.from({ length: concurrency }, worker))
    const sendWindowMs = Date.now() - started

    // Every accepted message owes a `sent` and a `delivered` webhook; wait for all of them.
    const drainStart = Date.now()
    let stats = await receiverStats()
    while (
      ((stats.statuses.sent ?? 0) < accepted || (stats.statuses.delivered ?? 0) < accepted) &&
      Date.now() - drainStart < 120_000
    ) {
      await new Promise((r) => setTimeout(r, 100))
      stats = await receiverStats()
    }
    const drainMs = Date.now() - drainStart
    const cpuAfter = (await control('GET', 'stats')) as {
      cpu: { user_us: number; system_us: number }
      memory_rss: number
    }
    await pool.close()
    const cpuUs =
      cpuAfter.cpu.user_us +
      cpuAfter.cpu.system_us -
      (cpuBefore.cpu.user_us + cpuBefore.cpu.system_us)
    return {
      durationS: sendWindowMs / 1000,
      concurrency,
      accepted,
      rejected,
      sendsPerSecond: Math.round(accepted / (sendWindowMs / 1000)),
      statusesDelivered: {
        sent: stats.statuses.sent ?? 0,
        delivered: stats.statuses.delivered ?? 0,
      },
      badSignatures: stats.badSignatures,
      webhookPosts: stats.posts,
      drainMs,
      sandboxCpuMs: Math.round(cpuUs / 1000),
      cpuUsPerMessage: Math.round((cpuUs / Math.max(1, accepted)) * 10) / 10,
      sandboxRssMb: Math.round(cpuAfter.memory_rss / 1024 / 1024),
    }
  } finally {
    await receiver.stop()
    await sandbox.stop()
  }
}

export const SANDBOX_BASELINE_MPS = BASELINE_MPS
