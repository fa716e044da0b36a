import type { ReactNode } from 'react'

interface EmptyStateProps {
  title: string
  children: ReactNode
  testId?: string
}

/** What a page will hold, for areas with nothing to show yet. Never filled with sample data. */
export function EmptyState({ title, children, testId }: EmptyStateProps) {
  return (
    <section className="empty-state" data-testid={testId} aria-label={title}>
      <h2 className="empty-state__title">{title}</h2>
      <div className="empty-state__body">{children}</div>
    </section>
  )
}
