// @vitest-environment jsdom
import type { TemplateRow } from '@shared/contract/outbox'
import { act, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { AppError } from '@shared/contract/errors'
import { PushEventBridge } from '../../components/PushEventBridge'
import { clientDetail } from '../../test-support/client-fixtures'
import { fakeApi } from '../../test-support/fake-api'
import { renderWithQueries } from '../../test-support/render'
import { templateRow } from '../../test-support/template-fixtures'
import { clientPolicy } from '../../test-support/review-fixtures'
import { ClientsPage } from '../clients/ClientsPage'
import { TemplatePicker } from '../conversations/TemplatePicker'
import { templatesHref } from './templates-route'

vi.mock('../../lib/api', async () => {
  const { fakeApi } = await import('../../test-support/fake-api')
  return { api: fakeApi.api, retryConnection: () => {} }
})

let templates: TemplateRow[]

function openTemplates() {
  window.location.hash = templatesHref('c-1')
  return renderWithQueries(
    <>
      <PushEventBridge />
      <ClientsPage />
    </>,
  )
}

const rowOf = (name: string) =>
  screen.getAllByTestId('template-row').find((row) => row.dataset.name === name)!

beforeEach(() => {
  fakeApi.reset()
  templates = []
  fakeApi.handle('clients:get', () => clientDetail())
  fakeApi.handle('drafts:client-policy', ({ clientId }) => clientPolicy({ clientId }))
  fakeApi.handle('templates:list', () => ({ templates, syncedAt: '2026-03-02T10:00:00.000Z' }))
})

describe('the templates page', () => {
  it('lists the client’s templates with Meta’s review status and why one was rejected', async () => {
    templates = [
      templateRow({ id: 1, name: 'order_ready', status: 'APPROVED' }),
      templateRow({ id: 2, name: 'big_sale', status: 'REJECTED', reason: 'INVALID_FORMAT' }),
      templateRow({ id: 3, name: 'old_offer', status: 'PAUSED', reason: null }),
      templateRow({ id: 4, name: 'new_hours', status: 'PENDING', sendable: false }),
    ]
    openTemplates()
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Message templates: Jaspers Market' }),
    ).toBeInTheDocument()
    await screen.findByTestId('templates-table')
    const status = (name: string) => within(rowOf(name)).getByTestId('template-status')
    expect(status('order_ready')).toHaveTextContent('Approved')
    expect(status('order_ready')).toHaveClass('status-pill--ok')
    expect(status('big_sale')).toHaveTextContent('Rejected')
    expect(status('big_sale')).toHaveClass('status-pill--error')
    expect(within(rowOf('big_sale')).getByTestId('template-reason')).toHaveTextContent(
      'invalid format INVALID_FORMAT',
    )
    expect(status('old_offer')).toHaveTextContent('Paused')
    expect(status('new_hours')).toHaveTextContent('In review')
    expect(within(rowOf('order_ready')).getByRole('rowheader')).toHaveTextContent(
      'Hi {{1}}, your order is ready.',
    )
  })

  it('syncs from the WABA', async () => {
    fakeApi.handle('templates:sync', () => ({
      templates: [templateRow({ name: 'from_meta' })],
      syncedAt: '2026-03-03T10:00:00.000Z',
    }))
    const user = userEvent.setup()
    openTemplates()
    expect(await screen.findByTestId('templates-none')).toHaveTextContent('no templates yet')
    await user.click(screen.getByRole('button', { name: 'Sync from WhatsApp' }))
    expect(await screen.findByTestId('templates-table')).toHaveTextContent('from_meta')
    expect(fakeApi.callsTo('templates:sync')).toEqual([{ clientId: 'c-1' }])
  })

  it('checks a new template against Meta’s rules, previews it, submits it and follows its review', async () => {
    fakeApi.handle('templates:create', (input) => {
      const row = templateRow({
        id: 7,
        name: input.name,
        status: 'PENDING',
        sendable: false,
        components: input.components,
        form: {
          header: null,
          body: { text: 'Hi {{1}}, your table is ready.', params: [{ name: '1', example: 'Ana' }] },
          footer: null,
          buttons: [{ index: 0, type: 'quick_reply', text: 'On my way', url: null, params: [] }],
        },
      })
      templates = [row]
      return row
    })
    const user = userEvent.setup()
    openTemplates()
    await user.click(await screen.findByRole('button', { name: 'New template' }))
    const form = screen.getByRole('form', { name: 'New template' })

    // Nothing filled in: the problems are listed and shown at their fields; nothing is sent.
    await user.click(within(form).getByRole('button', { name: 'Submit for review' }))
    const problems = within(form).getByTestId('template-problems')
    expect(problems).toHaveTextContent('Give the template a name.')
    expect(problems).toHaveTextContent('Write the body')
    expect(within(form).getByLabelText('Name')).toHaveAttribute('aria-invalid', 'true')
    expect(fakeApi.callsTo('templates:create')).toEqual([])

    await user.type(within(form).getByLabelText('Name'), 'Table Ready')
    // user-event types "{{" as one "{".
    await user.type(within(form).getByLabelText('Body'), 'Hi {{{{1}}, your table is ready.')
    expect(within(form).getByTestId('template-problems')).toHaveTextContent(
      'Names use lowercase letters, digits and underscores only',
    )
    expect(within(form).getByTestId('template-problems')).toHaveTextContent(
      'Give an example for {{1}} in the body',
    )
    await user.clear(within(form).getByLabelText('Name'))
    await user.type(within(form).getByLabelText('Name'), 'table_ready')
    await user.type(within(form).getByLabelText('Example for {{1}}'), 'Ana')
    await user.selectOptions(within(form).getByLabelText('Add a button'), 'Quick reply')
    await user.click(within(form).getByRole('button', { name: 'Add button' }))
    await user.type(
      within(within(form).getByTestId('template-button')).getByLabelText('Label'),
      'On my way',
    )
    expect(within(form).queryByTestId('template-problems')).not.toBeInTheDocument()
    const preview = within(form).getByTestId('template-preview')
    expect(preview).toHaveTextContent('Hi Ana, your table is ready.')
    expect(preview).toHaveTextContent('On my way')

    await user.click(within(form).getByRole('button', { name: 'Submit for review' }))
    await waitFor(() => expect(screen.queryByRole('form')).not.toBeInTheDocument())
    expect(fakeApi.callsTo('templates:create')).toEqual([
      {
        clientId: 'c-1',
        name: 'table_ready',
        language: 'en_US',
        category: 'UTILITY',
        parameterFormat: 'positional',
        components: [
          {
            type: 'BODY',
            text: 'Hi {{1}}, your table is ready.',
            example: { body_text: [['Ana']] },
          },
          { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'On my way' }] },
        ],
      },
    ])
    await waitFor(() =>
      expect(within(rowOf('table_ready')).getByTestId('template-status')).toHaveTextContent(
        'In review',
      ),
    )

    // Meta's review arrives by webhook: templates:changed refreshes the list.
    templates = [{ ...templates[0]!, status: 'APPROVED', sendable: true }]
    act(() => fakeApi.emit('templates:changed', { clientId: 'c-1', templateIds: [7] }))
    await waitFor(() =>
      expect(within(rowOf('table_ready')).getByTestId('template-status')).toHaveTextContent(
        'Approved',
      ),
    )
  })

  it('keeps the form and shows Meta’s words when Meta refuses the template', async () => {
    fakeApi.fail(
      'templates:create',
      new AppError('GRAPH', 'Content in this language already exists', {
        fix: 'Choose another name or language.',
      }).toData(),
    )
    const user = userEvent.setup()
    openTemplates()
    await user.click(await screen.findByRole('button', { name: 'New template' }))
    const form = screen.getByRole('form', { name: 'New template' })
    await user.type(within(form).getByLabelText('Name'), 'order_ready')
    await user.type(within(form).getByLabelText('Body'), 'Your order is ready.')
    await user.click(within(form).getByRole('button', { name: 'Submit for review' }))
    expect(await within(form).findByRole('alert')).toHaveTextContent(
      'Content in this language already exists',
    )
    expect(within(form).getByLabelText('Name')).toHaveValue('order_ready')
  })
})

describe('the ways in', () => {
  it('the client page links to its templates', async () => {
    window.location.hash = '#/clients/c-1'
    renderWithQueries(<ClientsPage />)
    expect(await screen.findByTestId('client-templates-link')).toHaveAttribute(
      'href',
      '#/clients/c-1/templates',
    )
  })

  it('the composer’s template picker links to the client’s templates', async () => {
    renderWithQueries(<TemplatePicker clientId="c-1" conversationId={1} onClose={() => {}} />)
    expect(await screen.findByTestId('manage-templates-link')).toHaveAttribute(
      'href',
      '#/clients/c-1/templates',
    )
  })
})
