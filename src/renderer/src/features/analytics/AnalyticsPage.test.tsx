// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { analyticsOverview } from '../../test-support/analytics-fixtures'
import { fakeApi } from '../../test-support/fake-api'
import { renderWithQueries } from '../../test-support/render'
import { AnalyticsPage } from './AnalyticsPage'

vi.mock('../../lib/api', async () => {
  const { fakeApi } = await import('../../test-support/fake-api')
  return { api: fakeApi.api, retryConnection: () => {} }
})

/** What "Export CSV" saved: the blob handed to URL.createObjectURL. */
const saved: Blob[] = []
beforeEach(() => {
  fakeApi.reset()
  saved.length = 0
  URL.createObjectURL = vi.fn((blob: Blob) => {
    saved.push(blob)
    return 'blob:analytics'
  })
  URL.revokeObjectURL = vi.fn()
  HTMLAnchorElement.prototype.click = vi.fn()
})
afterEach(() => vi.restoreAllMocks())

describe('Analytics page', () => {
  it('charts and tabulates the figures of the last 30 days for every client', async () => {
    fakeApi.handle('analytics:overview', () => analyticsOverview())
    renderWithQueries(<AnalyticsPage />)
    const page = await screen.findByTestId('analytics-page')
    const [input] = fakeApi.callsTo('analytics:overview') as { from: string; to: string }[]
    expect(Date.parse(input!.to) - Date.parse(input!.from)).toBe(29 * 86_400_000)
    // Charts are drawn (SVG), labelled for screen readers.
    expect(
      screen.getByRole('img', { name: 'Messages in and out per day' }).querySelector('svg'),
    ).not.toBeNull()
    expect(
      screen.getByRole('img', { name: /Median response times/ }).querySelector('svg'),
    ).not.toBeNull()
    expect(within(page).getByTestId('analytics-totals')).toHaveTextContent(/Received\s*30/)
    expect(within(page).getByTestId('analytics-totals')).toHaveTextContent(/Delivered\s*87\.5 %/)
    const clients = within(screen.getByTestId('analytics-clients')).getAllByRole('row')
    expect(clients[1]).toHaveTextContent(
      /Acme Shoes\s*20\s*16\s*87\.5 %\s*75 %\s*12\.5 %\s*5\s*9\s*\$0\.0535/,
    )
    expect(clients[2]).toHaveTextContent('Unassigned numbers')
    expect(screen.getByTestId('analytics-failures')).toHaveTextContent(
      /131026\s*Message undeliverable\s*2/,
    )
    expect(screen.getByTestId('analytics-responses')).toHaveTextContent(
      /Human\s*9\s*10 min\s*15 min\s*5\s*2 h 10 min/,
    )
    expect(screen.getByTestId('analytics-no-drafts')).toHaveTextContent('No AI drafts yet')
    expect(screen.getByTestId('analytics-templates')).toHaveTextContent(
      /order_update\s*en_US\s*5\s*5/,
    )
    expect(screen.getByTestId('analytics-cost-total')).toHaveTextContent('$0.0535')
    expect(screen.getByTestId('analytics-cost')).toHaveTextContent(
      /Free: customer service window\s*service\s*13/,
    )
  })

  it('exports each view as CSV (formulas defused)', async () => {
    const user = userEvent.setup()
    fakeApi.handle('analytics:overview', () =>
      analyticsOverview({
        templates: [
          {
            name: '=cmd',
            language: 'en',
            sent: 1,
            delivered: 1,
            read: 0,
            failed: 0,
            deliveryRate: 1,
            readRate: 0,
          },
        ],
      }),
    )
    renderWithQueries(<AnalyticsPage />)
    const volume = await screen.findByTestId('analytics-volume')
    await user.click(within(volume).getByRole('button', { name: 'Export CSV' }))
    expect(await saved[0]!.text()).toBe(
      'date,messages_in,messages_out,accepted,delivered,read,failed\r\n' +
        '2026-03-01,10,8,8,7,6,1\r\n2026-03-02,12,9,9,8,7,1\r\n2026-03-03,8,7,7,6,5,1\r\n',
    )
    await user.click(
      within(screen.getByTestId('analytics-templates')).getByRole('button', { name: 'Export CSV' }),
    )
    expect(await saved[1]!.text()).toContain("'=cmd,en,1,1,0,0,1,0")
    for (const id of [
      'analytics-clients',
      'analytics-failures',
      'analytics-responses',
      'analytics-cost',
    ])
      await user.click(within(screen.getByTestId(id)).getByRole('button', { name: 'Export CSV' }))
    expect(saved).toHaveLength(6)
    expect(await saved[5]!.text()).toContain('billable,India,marketing,5,0.0107,0.0535,USD')
  })

  it('asks again for the chosen client and range', async () => {
    const user = userEvent.setup()
    fakeApi.handle('analytics:overview', (input) =>
      analyticsOverview({ from: input.from, to: input.to }),
    )
    renderWithQueries(<AnalyticsPage />)
    await screen.findByTestId('analytics-page')
    await user.selectOptions(screen.getByLabelText('Client'), 'Bella Pizza')
    await user.click(screen.getByRole('button', { name: 'Last 7 days' }))
    await waitFor(() =>
      expect(fakeApi.callsTo('analytics:overview').at(-1)).toMatchObject({ clientId: 'client-b' }),
    )
    const last = fakeApi.callsTo('analytics:overview').at(-1) as { from: string; to: string }
    expect(Date.parse(last.to) - Date.parse(last.from)).toBe(6 * 86_400_000)
  })

  it('shows AI review rates once drafts exist', async () => {
    fakeApi.handle('analytics:overview', () =>
      analyticsOverview({
        drafts: {
          total: 10,
          byStatus: [
            { status: 'approved', count: 6 },
            { status: 'edited', count: 3 },
            { status: 'rejected', count: 1 },
          ],
          approvalRate: 0.6,
          editRate: 0.3,
        },
      }),
    )
    renderWithQueries(<AnalyticsPage />)
    expect(await screen.findByTestId('analytics-drafts')).toHaveTextContent(
      /Drafts\s*10\s*Approved unchanged\s*60 %\s*Edited before sending\s*30 %/,
    )
    expect(screen.getByTestId('analytics-draft-statuses')).toHaveTextContent(
      'By decision: approved 6 · edited 3 · rejected 1',
    )
  })

  it('imports a rate card and names the wrong rows when it is refused', async () => {
    const user = userEvent.setup()
    fakeApi.handle('analytics:overview', () =>
      analyticsOverview({ cost: { ...analyticsOverview().cost, rateCard: null, total: null } }),
    )
    fakeApi.fail('analytics:import-rate-card', {
      code: 'VALIDATION',
      message:
        'The rate card has 1 problem: row 3: market "Narnia" is neither a Meta market nor a country. Nothing was imported.',
      retryable: false,
      fix: 'Correct the rows named and import the file again.',
    })
    renderWithQueries(<AnalyticsPage />)
    await screen.findByTestId('analytics-cost')
    expect(screen.getByTestId('analytics-cost')).toHaveTextContent(
      'Import your rate card to see amounts.',
    )
    const csv = 'market,category,rate\nIndia,marketing,0.0107\nNarnia,marketing,0.01\n'
    await user.upload(
      screen.getByLabelText('CSV file'),
      new File([csv], 'card.csv', { type: 'text/csv' }),
    )
    await user.clear(screen.getByLabelText('Currency of the credit line'))
    await user.type(screen.getByLabelText('Currency of the credit line'), 'eur')
    await user.click(screen.getByRole('button', { name: 'Import rate card' }))
    expect(await screen.findByRole('alert')).toHaveTextContent(/row 3: market "Narnia"/)
    expect(fakeApi.callsTo('analytics:import-rate-card')).toEqual([
      { csv, currency: 'EUR', fileName: 'card.csv' },
    ])
  })
})
