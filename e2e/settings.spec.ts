import { SettingsPage } from './pages/settings-page'
import { expect, test } from './support/fixtures'

// The page background of each palette (--bg in src/renderer/src/styles/tokens.css).
const LIGHT_BACKGROUND = 'rgb(246, 247, 249)'
const DARK_BACKGROUND = 'rgb(18, 22, 27)'

test('an edited setting is saved by the core and survives a reload', async ({
  page,
  webConsole,
}) => {
  const settings = new SettingsPage(page)
  await settings.shell.open(webConsole.url)
  await settings.open()
  await expect(settings.settingSource('graphApiVersion')).toHaveAttribute('data-source', 'default')
  const defaultVersion = await settings.settingValue('graphApiVersion').innerText()
  const edited = defaultVersion === 'v24.0' ? 'v23.0' : 'v24.0'

  await settings.submitSetting('graphApiVersion', edited)

  await expect(settings.settingValue('graphApiVersion')).toHaveText(edited)
  await expect(settings.settingSource('graphApiVersion')).toHaveText('Saved here')
  await page.reload()
  await settings.shell.waitConnected()
  await expect(settings.settingValue('graphApiVersion')).toHaveText(edited)
  await expect(settings.settingSource('graphApiVersion')).toHaveAttribute('data-source', 'settings')

  // Reset returns to the default.
  await settings.resetSetting('graphApiVersion')
  await expect(settings.settingValue('graphApiVersion')).toHaveText(defaultVersion)
  await expect(settings.settingSource('graphApiVersion')).toHaveAttribute('data-source', 'default')
})

test('invalid input shows the validation message and saves nothing', async ({
  page,
  webConsole,
}) => {
  const settings = new SettingsPage(page)
  await settings.shell.open(webConsole.url)
  await settings.open()
  const before = await settings.settingValue('graphApiVersion').innerText()

  await settings.submitSetting('graphApiVersion', 'v25')

  await expect(settings.settingError('graphApiVersion')).toContainText('like v25.0')
  await expect(settings.settingInput('graphApiVersion')).toHaveAttribute('aria-invalid', 'true')
  await settings.settingInput('graphApiVersion').press('Escape')
  await expect(settings.settingValue('graphApiVersion')).toHaveText(before)
  await page.reload()
  await settings.shell.waitConnected()
  await expect(settings.settingValue('graphApiVersion')).toHaveText(before)
  await expect(settings.settingSource('graphApiVersion')).toHaveAttribute('data-source', 'default')
})

test('the theme setting overrides the system color scheme', async ({ page, webConsole }) => {
  await page.emulateMedia({ colorScheme: 'light' })
  const settings = new SettingsPage(page)
  await settings.shell.open(webConsole.url)
  await settings.open()
  const html = page.locator('html')
  const body = page.locator('body')
  await expect(html).toHaveAttribute('data-theme', 'system')
  await expect(body).toHaveCSS('background-color', LIGHT_BACKGROUND)

  await settings.chooseSetting('theme', 'dark')

  await expect(settings.settingValue('theme')).toHaveText('dark')
  await expect(html).toHaveAttribute('data-theme', 'dark')
  await expect(body).toHaveCSS('background-color', DARK_BACKGROUND)

  // Back to 'system': the page follows prefers-color-scheme again.
  await settings.chooseSetting('theme', 'system')
  await expect(html).toHaveAttribute('data-theme', 'system')
  await expect(body).toHaveCSS('background-color', LIGHT_BACKGROUND)
  await page.emulateMedia({ colorScheme: 'dark' })
  await expect(body).toHaveCSS('background-color', DARK_BACKGROUND)
})
