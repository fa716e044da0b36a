// @vitest-environment jsdom
import { secretLabels, userSecretNames, type SecretStatus } from '@shared/contract/secrets'
import { screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { fakeApi } from '../../test-support/fake-api'
import { renderWithQueries } from '../../test-support/render'
import { SecretsSection } from './SecretsSection'

vi.mock('../../lib/api', async () => {
  const { fakeApi } = await import('../../test-support/fake-api')
  return { api: fakeApi.api, retryConnection: () => {} }
})

const status = (name: SecretStatus['name'], more: Partial<SecretStatus> = {}): SecretStatus => ({
  name,
  configured: false,
  hint: null,
  takenFrom: null,
  ...more,
})

const row = (name: SecretStatus['name']) => screen.getByTestId(`secret-row-${name}`)

beforeEach(() => {
  fakeApi.reset()
  fakeApi.handle('secrets:status', () => [
    status('system-user-token'),
    status('app-secret', { configured: true, hint: '0001', takenFrom: 'dotenv' }),
    status('relay-token', { configured: true, hint: '0002', takenFrom: 'environment' }),
    status('ai-api-key'),
    status('webhook-verify-token'),
  ])
})

describe('SecretsSection', () => {
  it('says a secret came from .env or the environment only when this start took it from there', async () => {
    renderWithQueries(<SecretsSection />)
    await screen.findByTestId('secrets-list')

    expect(row('app-secret')).toHaveTextContent(
      'Moved from FACEBOOK_APP_SECRET in .env into the keychain at this start.',
    )
    expect(row('relay-token')).toHaveTextContent(
      'Set by RELAY_TOKEN in the environment: saved to the keychain at every start',
    )
    for (const name of ['system-user-token', 'ai-api-key', 'webhook-verify-token'] as const) {
      expect(row(name)).toHaveTextContent(
        `Can also be given as ${secretLabels[name].env} in the environment or .env.`,
      )
      expect(row(name)).not.toHaveTextContent(/moved|from the environment/i)
    }
  })

  it('gives every Save button its own accessible name', async () => {
    renderWithQueries(<SecretsSection />)
    await screen.findByTestId('secrets-list')
    const names = screen
      .getAllByRole('button', { name: /^Save / })
      .map((button) => button.getAttribute('aria-label'))
    expect(names).toEqual(userSecretNames.map((name) => `Save ${secretLabels[name].label}`))
  })

  it('saves through the named button, then shows the hint and an empty field', async () => {
    const user = userEvent.setup()
    fakeApi.handle('secrets:set', ({ name, value }) =>
      status(name, { configured: true, hint: value.slice(-4) }),
    )
    renderWithQueries(<SecretsSection />)
    const aiRow = within(await screen.findByTestId('secret-row-ai-api-key'))

    await user.type(aiRow.getByLabelText('Value'), 'sk-component-test-9876')
    await user.click(screen.getByRole('button', { name: 'Save AI API key' }))

    expect(await aiRow.findByText('Saved to the OS keychain.')).toBeInTheDocument()
    expect(fakeApi.callsTo('secrets:set')).toEqual([
      { name: 'ai-api-key', value: 'sk-component-test-9876' },
    ])
    expect(aiRow.getByTestId('secret-status-ai-api-key')).toHaveTextContent('Configured')
    expect(aiRow.getByTestId('secret-hint-ai-api-key')).toHaveTextContent('ends in ••••9876')
    expect(aiRow.getByLabelText('Replace with a new value')).toHaveValue('')
  })

  it("refuses a value the contract refuses, with the schema's words, and sends nothing", async () => {
    const user = userEvent.setup()
    renderWithQueries(<SecretsSection />)
    const row = within(await screen.findByTestId('secret-row-webhook-verify-token'))

    await user.type(row.getByLabelText('Value'), 'has space')
    await user.click(screen.getByRole('button', { name: 'Save Webhook verify token' }))

    expect(row.getByRole('alert')).toHaveTextContent(
      'Not saved — printable characters without spaces only. Enter it again.',
    )
    expect(row.getByLabelText('Value')).toHaveValue('')
    expect(fakeApi.callsTo('secrets:set')).toEqual([])
  })
})
