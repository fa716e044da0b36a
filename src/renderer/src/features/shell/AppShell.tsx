import { useEffect, useRef, type ReactNode } from 'react'
import { AnalyticsPage } from '../analytics/AnalyticsPage'
import { ClientsPage } from '../clients/ClientsPage'
import { ConversationsPage } from '../conversations/ConversationsPage'
import { ReviewPage } from '../review/ReviewPage'
import { SettingsPage } from '../settings/SettingsPage'
import { NavSidebar } from './NavSidebar'
import type { RouteId } from './routes'
import { StatusBar } from './StatusBar'
import { useApplyTheme } from './useApplyTheme'
import { useHashParam, useHashRoute } from './useHashRoute'

const pages: Record<RouteId, () => ReactNode> = {
  clients: () => <ClientsPage />,
  conversations: () => <ConversationsPage />,
  review: () => <ReviewPage />,
  analytics: () => <AnalyticsPage />,
  settings: () => <SettingsPage />,
}

export function AppShell() {
  const route = useHashRoute()
  const param = useHashParam()
  const location = `${route}/${param ?? ''}`
  const mainRef = useRef<HTMLElement>(null)
  const previousLocation = useRef(location)
  useApplyTheme()

  // Move focus to the new page's heading after navigation (not on first load), so keyboard and
  // screen-reader users land on the content they asked for. A list → item move counts too.
  useEffect(() => {
    if (previousLocation.current === location) return
    previousLocation.current = location
    mainRef.current?.querySelector<HTMLElement>('[data-page-heading]')?.focus()
  }, [location])

  const focusMain = () =>
    mainRef.current?.querySelector<HTMLElement>('[data-page-heading]')?.focus()

  return (
    <div className="shell">
      <button type="button" className="skip-link" onClick={focusMain}>
        Skip to content
      </button>
      <NavSidebar current={route} />
      <main className="shell__main" ref={mainRef} data-testid={`page-${route}`}>
        {pages[route]()}
      </main>
      <StatusBar />
    </div>
  )
}
