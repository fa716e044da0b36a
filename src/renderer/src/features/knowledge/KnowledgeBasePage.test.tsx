// @vitest-environment jsdom
import { KB_CSV_HEADER, type KnowledgeBase } from '@shared/contract/ai'
import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { clientDetail } from '../../test-support/client-fixtures'
import { fakeApi } from '../../test-support/fake-api'
import { kbEntry, knowledgeBase, knowledgeTry } from '../../test-support/knowledge-fixtures'
import { renderWithQueries } from '../../test-support/render'
import { ClientsPage } from '../clients/ClientsPage'

vi.mock('../../lib/api', async () => {
  const { fakeApi } = await import('../../test-support/fake-api')
  return { api: fakeApi.api, retryConnection: () => {} }
})

let server: KnowledgeBase

function openEditor(kb = knowledgeBase()) {
  server = kb
  window.location.hash = `#/clients/${kb.clientId}/knowledge`
  return renderWithQueries(<ClientsPage />)
}

const entriesTable = () => screen.findByRole('table', { name: 'Entries' })
const region = (name: string) => screen.getByRole('region', { name })

beforeEach(() => {
  fakeApi.reset()
  fakeApi.handle('knowledge:get', ({ clientId }) => {
    if (clientId !== server.clientId) throw new Error(`unexpected client ${clientId}`)
    return server
  })
})

afterEach(() => {
  vi.restoreAllMocks()
})

describe('the knowledge-base editor', () => {
  it('is reached from the client page', async () => {
    server = knowledgeBase()
    fakeApi.handle('clients:get', () => clientDetail())
    window.location.hash = '#/clients/c-1'
    renderWithQueries(<ClientsPage />)
    const link = await screen.findByRole('link', { name: 'Edit knowledge base' })
    expect(link).toHaveAttribute('href', '#/clients/c-1/knowledge')
    window.location.hash = '#/clients/c-1/knowledge'
    window.dispatchEvent(new HashChangeEvent('hashchange'))
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Knowledge base: Jaspers Market' }),
    ).toBeInTheDocument()
  })

  it('lists entries and facts, with what waits for staff', async () => {
    openEditor()
    const table = await entriesTable()
    const rows = within(table).getAllByRole('row').slice(1)
    expect(rows.map((row) => within(row).getByRole('rowheader').textContent)).toEqual([
      'What are your opening hours? +1 way to ask',
      'Where are you located?',
      'Greeting +2 ways to ask',
    ])
    expect(screen.getByTestId('kb-entry-2')).toHaveTextContent('Waiting for address')
    expect(screen.getByTestId('kb-entry-3')).toHaveTextContent('Snippet')
    expect(screen.getByTestId('kb-fact-address-any')).toHaveTextContent('To complete')
    expect(screen.getByTestId('kb-fact-hours-any')).toHaveTextContent('9:00–17:00')
    await userEvent.type(screen.getByRole('searchbox', { name: 'Filter entries' }), 'hola')
    expect(within(table).getAllByRole('row')).toHaveLength(2)
  })

  it('adds an entry: variants one per line, tags comma-separated, checked before saving', async () => {
    openEditor()
    await entriesTable()
    fakeApi.handle('knowledge:save-entry', ({ entry }) =>
      kbEntry({ id: 9, ...entry, source: 'staff', placeholders: [], missingFacts: [] }),
    )
    const user = userEvent.setup()
    await user.click(screen.getByRole('button', { name: 'Add entry' }))
    const form = screen.getByRole('form', { name: 'New entry' })
    await user.type(within(form).getByLabelText('Question'), 'Do you deliver?')
    await user.click(within(form).getByRole('button', { name: 'Add entry' }))
    expect(within(form).getByLabelText('Answer')).toHaveAccessibleDescription(
      expect.stringContaining('is empty'),
    )
    expect(fakeApi.callsTo('knowledge:save-entry')).toEqual([])

    await user.type(
      within(form).getByLabelText('Other ways customers ask it'),
      'Home delivery?{Enter}{Enter}Do you ship?',
    )
    await user.type(
      within(form).getByLabelText('Answer'),
      'Yes, within 5 km for {{{{delivery_fee}}.',
    )
    await user.type(within(form).getByLabelText('Tags'), 'delivery, orders')
    await user.click(within(form).getByRole('button', { name: 'Add entry' }))
    await waitFor(() => expect(screen.queryByRole('form', { name: 'New entry' })).toBeNull())
    expect(fakeApi.callsTo('knowledge:save-entry')).toEqual([
      {
        clientId: 'c-1',
        entry: {
          kind: 'faq',
          question: 'Do you deliver?',
          variants: ['Home delivery?', 'Do you ship?'],
          answer: 'Yes, within 5 km for {{delivery_fee}}.',
          language: 'en',
          tags: ['delivery', 'orders'],
        },
      },
    ])
    // The list is reloaded from the core.
    await waitFor(() => expect(fakeApi.callsTo('knowledge:get')).toHaveLength(2))
  })

  it('edits an entry in place and deletes one after confirming', async () => {
    openEditor()
    await entriesTable()
    fakeApi.handle('knowledge:save-entry', ({ id, entry }) => kbEntry({ id: id ?? 0, ...entry }))
    fakeApi.handle('knowledge:delete-entry', () => ({ deleted: true }))
    const user = userEvent.setup()
    await user.click(screen.getByRole('button', { name: 'Edit “Where are you located?”' }))
    const form = screen.getByRole('form', { name: 'Edit entry' })
    expect(within(form).getByLabelText('Answer')).toHaveValue('You can find us at {{address}}.')
    await user.clear(within(form).getByLabelText('Language'))
    await user.type(within(form).getByLabelText('Language'), 'pt')
    await user.click(within(form).getByRole('button', { name: 'Save entry' }))
    await waitFor(() =>
      expect(fakeApi.callsTo('knowledge:save-entry')).toEqual([
        expect.objectContaining({ id: 2, entry: expect.objectContaining({ language: 'pt' }) }),
      ]),
    )

    await user.click(screen.getByRole('button', { name: 'Delete “Greeting”' }))
    const dialog = screen.getByTestId('kb-delete-entry')
    await user.click(within(dialog).getByRole('button', { name: 'Delete entry' }))
    await waitFor(() =>
      expect(fakeApi.callsTo('knowledge:delete-entry')).toEqual([{ clientId: 'c-1', id: 3 }]),
    )
  })

  it('fills a fact staff must complete, renames one, and refuses a bad key', async () => {
    openEditor()
    await entriesTable()
    fakeApi.handle('knowledge:save-fact', ({ fact }) => ({
      ...fact,
      source: 'staff',
      updatedAt: 't',
    }))
    const user = userEvent.setup()
    const facts = region('Facts (2)')
    await user.click(within(facts).getByRole('button', { name: 'Edit fact address (any)' }))
    const form = screen.getByRole('form', { name: 'Edit fact address' })
    await user.type(within(form).getByLabelText('Value'), 'Rua das Flores 12')
    await user.clear(within(form).getByLabelText('Key'))
    await user.type(within(form).getByLabelText('Key'), 'Street Address')
    await user.click(within(form).getByRole('button', { name: 'Save fact' }))
    expect(within(form).getByRole('alert')).toHaveTextContent(/^key: starts with a letter/)
    await user.clear(within(form).getByLabelText('Key'))
    await user.type(within(form).getByLabelText('Key'), 'street_address')
    await user.click(within(form).getByRole('button', { name: 'Save fact' }))
    await waitFor(() =>
      expect(fakeApi.callsTo('knowledge:save-fact')).toEqual([
        {
          clientId: 'c-1',
          fact: { key: 'street_address', language: 'any', value: 'Rua das Flores 12' },
          previous: { key: 'address', language: 'any' },
        },
      ]),
    )
  })

  it('imports a CSV file and says what changed, or lists the rows that are wrong', async () => {
    openEditor()
    await entriesTable()
    const csv = `${KB_CSV_HEADER.join(',')}\nfaq,en,Do you deliver?,,Yes.,,,\n`
    fakeApi.handle('knowledge:import', () => ({
      mode: 'merge',
      entries: { added: 1, updated: 0 },
      facts: { added: 0, updated: 0 },
      removed: 0,
    }))
    const user = userEvent.setup()
    const files = region('Import and export')
    await user.upload(
      within(files).getByLabelText('File'),
      new File([csv], 'kb.csv', { type: 'text/csv' }),
    )
    await user.click(within(files).getByRole('button', { name: 'Import' }))
    expect(await screen.findByTestId('kb-import-result')).toHaveTextContent(
      'Imported: 1 entries added, 0 updated; 0 facts added, 0 updated.',
    )
    expect(fakeApi.callsTo('knowledge:import')).toEqual([
      { clientId: 'c-1', format: 'csv', content: csv, mode: 'merge' },
    ])

    fakeApi.fail('knowledge:import', {
      code: 'VALIDATION',
      message: 'The CSV file has 1 problem: row 3: question is empty. Nothing was imported.',
      retryable: false,
      details: { issues: [{ row: 'row 3', message: 'question is empty' }] },
    })
    await user.click(within(files).getByRole('button', { name: 'Import' }))
    expect(await screen.findByTestId('kb-import-error')).toHaveTextContent('Nothing was imported')
    expect(screen.getByRole('list', { name: 'Rows with problems' })).toHaveTextContent(
      'row 3: question is empty',
    )
  })

  it('asks before an import replaces everything', async () => {
    openEditor()
    await entriesTable()
    fakeApi.handle('knowledge:import', ({ mode }) => ({
      mode,
      entries: { added: 2, updated: 0 },
      facts: { added: 1, updated: 0 },
      removed: 5,
    }))
    const user = userEvent.setup()
    const files = region('Import and export')
    await user.upload(within(files).getByLabelText('File'), new File(['{}'], 'kb.json'))
    await user.selectOptions(within(files).getByLabelText('Mode'), 'replace')
    await user.click(within(files).getByRole('button', { name: 'Import' }))
    expect(fakeApi.callsTo('knowledge:import')).toEqual([])
    await user.click(
      within(screen.getByTestId('kb-replace-confirm')).getByRole('button', { name: 'Replace' }),
    )
    expect(await screen.findByTestId('kb-import-result')).toHaveTextContent('5 removed')
    expect(fakeApi.callsTo('knowledge:import')).toEqual([
      { clientId: 'c-1', format: 'json', content: '{}', mode: 'replace' },
    ])
  })

  it('exports as a downloaded file', async () => {
    openEditor()
    await entriesTable()
    fakeApi.handle('knowledge:export', ({ format }) => ({
      fileName: `knowledge-base-jaspers-market.${format}`,
      mimeType: 'text/csv',
      content: 'type,language\r\n',
    }))
    const blobs: Blob[] = []
    URL.createObjectURL = vi.fn((blob: Blob) => {
      blobs.push(blob)
      return 'blob:kb'
    })
    URL.revokeObjectURL = vi.fn()
    const clicked: string[] = []
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      clicked.push(this.download)
    })
    await userEvent.click(screen.getByRole('button', { name: 'Export CSV' }))
    await waitFor(() => expect(clicked).toEqual(['knowledge-base-jaspers-market.csv']))
    expect(await blobs[0]?.text()).toBe('type,language\r\n')
    expect(fakeApi.callsTo('knowledge:export')).toEqual([{ clientId: 'c-1', format: 'csv' }])
  })

  it('tries a customer question with the local drafter', async () => {
    openEditor()
    await entriesTable()
    fakeApi.handle('knowledge:try', () => knowledgeTry())
    const user = userEvent.setup()
    await user.type(screen.getByLabelText('Customer message'), 'when do you open?')
    await user.click(screen.getByRole('button', { name: 'Draft a reply' }))
    const result = await screen.findByTestId('kb-try-result')
    expect(result).toHaveTextContent('We are open 9:00–17:00.')
    expect(within(result).getByTestId('kb-try-confidence')).toHaveTextContent('87%')
    expect(result).toHaveTextContent('What are your opening hours? · hours')
    expect(fakeApi.callsTo('knowledge:try')).toEqual([
      { clientId: 'c-1', text: 'when do you open?' },
    ])
  })

  it('reloads when the core says the knowledge base changed', async () => {
    openEditor()
    await entriesTable()
    server = knowledgeBase({ revision: 4, entries: [kbEntry({ question: 'Seeded question?' })] })
    fakeApi.emit('knowledge:changed', { clientId: 'other', revision: 9 })
    fakeApi.emit('knowledge:changed', { clientId: 'c-1', revision: 4 })
    expect(await screen.findByRole('rowheader', { name: /^Seeded question\?/ })).toBeInTheDocument()
    expect(fakeApi.callsTo('knowledge:get')).toHaveLength(2)
  })
})
