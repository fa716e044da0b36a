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
import { useHashRoute } from './useHashRoute'

const pages: Record<RouteId, () => ReactNode> = {
  clients: () => <ClientsPage />,
  conversations: () => <ConversationsPage />,
  review: () => <ReviewPage />,
  analytics: () => <AnalyticsPage />,
  settings: () => <SettingsPage />,
}

export function AppShell() {
  const route = useHashRoute()
  const mainRef = useRef<HTMLElement>(null)
  const previousRoute = useRef(route)
  useApplyTheme()

  // Move focus to the new page's heading after navigation (not on first load), so keyboard and
  // screen-reader users land on the content they asked for.
  useEffect(() => {
    if (previousRoute.current === route) return
    previousRoute.current = route
    mainRef.current?.querySelector<HTMLElement>('[data-page-heading]')?.focus()
  }, [route])

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
