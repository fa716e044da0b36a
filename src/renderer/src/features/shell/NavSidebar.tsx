import { Icon } from '../../components/Icon'
import { ReviewBadge } from '../review/ReviewBadge'
import { hrefFor, routes, type RouteId } from './routes'

export function NavSidebar({ current }: { current: RouteId }) {
  return (
    <nav className="sidebar" aria-label="Main">
      <div className="sidebar__brand">
        <span className="sidebar__logo" aria-hidden="true">
          WA
        </span>
        <span className="sidebar__product">Partner Console</span>
      </div>
      <ul className="sidebar__list">
        {routes.map((route) => (
          <li key={route.id}>
            <a
              className="sidebar__link"
              href={hrefFor(route.id)}
              aria-current={route.id === current ? 'page' : undefined}
              data-testid={`nav-${route.id}`}
            >
              <Icon name={route.id} />
              <span>{route.label}</span>
              {route.id === 'review' ? <ReviewBadge /> : null}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  )
}
