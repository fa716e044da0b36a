// @vitest-environment jsdom
import type { SettingEntry } from '@shared/contract/settings'
import { screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { fakeApi } from '../../test-support/fake-api'
import { renderWithQueries } from '../../test-support/render'
import { ConfigurationSection } from './ConfigurationSection'

vi.mock('../../lib/api', async () => {
  const { fakeApi } = await import('../../test-support/fake-api')
  return { api: fakeApi.api, retryConnection: () => {} }
})

const entries = (): SettingEntry[] => [
  {
    key: 'facebookAppId',
    label: 'Meta app ID',
    env: 'FACEBOOK_APP_ID',
    value: '1234567890',
    source: 'env',
    lockedByEnv: true,
  },
  {
    key: 'graphApiVersion',
    label: 'Graph API version',
    env: 'GRAPH_API_VERSION',
    value: 'v25.0',
    source: 'default',
    lockedByEnv: false,
  },
  {
    key: 'relayUrl',
    label: 'Relay URL',
    env: 'RELAY_URL',
    value: null,
    source: 'unset',
    lockedByEnv: false,
  },
]

beforeEach(() => {
  fakeApi.reset()
  fakeApi.handle('settings:get', () => ({ entries: entries() }))
})

describe('ConfigurationSection', () => {
  it('names each Save and Cancel button after the setting it edits', async () => {
    const user = userEvent.setup()
    renderWithQueries(<ConfigurationSection />)
    await user.click(await screen.findByRole('button', { name: 'Edit Graph API version' }))
    await user.click(screen.getByRole('button', { name: 'Edit Relay URL' }))

    expect(screen.getByRole('button', { name: 'Save Graph API version' })).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Save Relay URL' })).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Cancel editing Relay URL' })).toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'Save' })).not.toBeInTheDocument()
  })

  it('saves a valid value through the named button and shows where it now comes from', async () => {
    const user = userEvent.setup()
    fakeApi.handle('settings:set', (patch) => ({
      entries: entries().map((entry) =>
        entry.key === patch.key ? { ...entry, value: patch.value, source: 'settings' } : entry,
      ),
    }))
    renderWithQueries(<ConfigurationSection />)
    await user.click(await screen.findByRole('button', { name: 'Edit Graph API version' }))
    const field = screen.getByLabelText('New value for Graph API version')
    await user.clear(field)
    await user.type(field, 'v24.0')
    await user.click(screen.getByRole('button', { name: 'Save Graph API version' }))

    const row = within(screen.getByTestId('setting-row-graphApiVersion'))
    expect(await row.findByTestId('setting-source-graphApiVersion')).toHaveTextContent('Saved here')
    expect(row.getByTestId('setting-value-graphApiVersion')).toHaveTextContent('v24.0')
    expect(fakeApi.callsTo('settings:set')).toEqual([{ key: 'graphApiVersion', value: 'v24.0' }])
  })

  it('offers no editor for a value the environment sets', async () => {
    renderWithQueries(<ConfigurationSection />)
    expect(await screen.findByTestId('setting-locked-facebookAppId')).toHaveTextContent(
      'Locked by FACEBOOK_APP_ID',
    )
    expect(screen.queryByRole('button', { name: 'Edit Meta app ID' })).not.toBeInTheDocument()
  })
})
