import { expect, test } from './support/fixtures'

test('without the token the console says how to get access and reaches no API', async ({
  page,
  webConsole,
}) => {
  await page.goto(`${webConsole.origin}/`)

  const gate = page.getByTestId('unauthorized')
  await expect(gate).toBeVisible()
  await expect(gate).toContainText(
    'WAPC_WEB_URL=… address printed in the terminal where the console started',
  )
  await expect(gate).toContainText('access token')
  await expect(page.getByRole('navigation', { name: 'Main' })).toHaveCount(0)

  // From this page, neither the session check nor the WebSocket API lets anything through.
  const wsUrl = `${webConsole.origin.replace(/^http/, 'ws')}/api`
  const access = await page.evaluate(async (url) => {
    const session = (await fetch('/session')).status
    const socket = await new Promise<'open' | 'closed'>((resolve) => {
      const ws = new WebSocket(url)
      ws.onopen = () => {
        resolve('open')
        ws.close()
      }
      ws.onclose = () => resolve('closed')
    })
    return { session, socket }
  }, wsUrl)
  expect(access).toEqual({ session: 401, socket: 'closed' })
})

test('a wrong token is refused and grants no session', async ({ page, webConsole }) => {
  const response = await page.goto(`${webConsole.origin}/?token=not-the-token`)
  expect(response?.status()).toBe(403)
  await page.goto(`${webConsole.origin}/`)
  await expect(page.getByTestId('unauthorized')).toBeVisible()
})
