import { readFile } from 'node:fs/promises'
import { ConsoleShell } from './pages/console-shell'
import { onboardClient } from './pages/conversations-page'
import { expect, test } from './support/fixtures'

test('an onboarded client’s knowledge base is seeded, completed by staff, answers, and round-trips through files', async ({
  page,
  webConsole,
}) => {
  test.setTimeout(120_000)
  await new ConsoleShell(page).open(webConsole.url)
  await onboardClient(page, 'E2E Bakery')

  // From the client's page to its knowledge base, seeded from onboarding.
  await page.getByTestId('client-knowledge-link').click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Knowledge base: /)
  await expect(page.getByTestId('kb-fact-business_name-any')).toContainText('E2E Bakery')
  await expect(page.getByTestId('kb-fact-hours-any')).toContainText('To complete')
  const entries = page.getByRole('table', { name: 'Entries' })
  await expect(entries.getByRole('row', { name: /What are your opening hours\?/ })).toContainText(
    'Waiting for hours',
  )

  // Before the hours are filled, the drafter does not answer with that entry.
  const tryIt = async (text: string) => {
    await page.getByLabel('Customer message').fill(text)
    await page.getByRole('button', { name: 'Draft a reply' }).click()
  }
  await tryIt('when are you open?')
  await expect(page.getByTestId('kb-try-result')).toContainText('Needs an answer')

  // Staff fill the fact; the entry is complete and the drafter answers with it.
  await page.getByRole('button', { name: 'Edit fact hours (any)' }).click()
  await page
    .getByRole('form', { name: 'Edit fact hours' })
    .getByLabel('Value')
    .fill('Mon–Sat 8:00–18:00')
  await page.getByRole('button', { name: 'Save fact' }).click()
  await expect(page.getByTestId('kb-fact-hours-any')).toContainText('Mon–Sat 8:00–18:00')
  await expect(
    entries.getByRole('row', { name: /What are your opening hours\?/ }),
  ).not.toContainText('Waiting for')
  await tryIt('what time do you open?')
  await expect(page.getByTestId('kb-try-result')).toContainText(
    'E2E Bakery is open Mon–Sat 8:00–18:00.',
  )

  // A Spanish FAQ added from the editor answers a Spanish customer.
  await page.getByRole('button', { name: 'Add entry' }).click()
  const form = page.getByRole('form', { name: 'New entry' })
  await form.getByLabel('Language').fill('es')
  await form.getByLabel('Question').fill('¿Hacen envíos a domicilio?')
  await form.getByLabel('Other ways customers ask it').fill('¿Entregan a domicilio?')
  await form.getByLabel('Answer').fill('Sí, entregamos a menos de 5 km.')
  await form.getByRole('button', { name: 'Add entry' }).click()
  await expect(entries.getByRole('row', { name: /Hacen envíos/ })).toBeVisible()
  await tryIt('¿entregan a domicilio?')
  await expect(page.getByTestId('kb-try-result')).toContainText('Sí, entregamos a menos de 5 km.')

  // Export CSV, then import a file with a bad row: refused, the row named, nothing changed.
  const download = page.waitForEvent('download')
  await page.getByRole('button', { name: 'Export CSV' }).click()
  const file = await download
  expect(file.suggestedFilename()).toBe('knowledge-base-e2e-bakery.csv')
  const csv = await readFile((await file.path())!, 'utf8')
  expect(csv.split('\r\n')[0]).toBe('type,language,question,variants,answer,tags,key,value')
  expect(csv).toContain('fact,any,,,,,hours,Mon–Sat 8:00–18:00')

  const files = page.getByRole('region', { name: 'Import and export' })
  await files.getByLabel('File', { exact: true }).setInputFiles({
    name: 'more.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(`${csv}faq,en,,,An answer without a question,,,\r\n`),
  })
  await files.getByRole('button', { name: 'Import' }).click()
  await expect(page.getByTestId('kb-import-error')).toContainText('Nothing was imported')
  await expect(page.getByRole('list', { name: 'Rows with problems' })).toContainText(
    'question is empty',
  )

  // The exported file imports back cleanly (merge: every row updates itself).
  await files.getByLabel('File', { exact: true }).setInputFiles({
    name: 'same.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(csv),
  })
  await files.getByRole('button', { name: 'Import' }).click()
  await expect(page.getByTestId('kb-import-result')).toContainText('0 entries added')
})
