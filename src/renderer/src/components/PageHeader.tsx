import type { ReactNode } from 'react'

export function PageHeader({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <header className="page-header">
      {/* tabIndex -1: the shell moves focus here on navigation, for keyboard and screen readers. */}
      <h1 className="page-header__title" tabIndex={-1} data-page-heading>
        {title}
      </h1>
      {children ? <p className="page-header__lead">{children}</p> : null}
    </header>
  )
}
