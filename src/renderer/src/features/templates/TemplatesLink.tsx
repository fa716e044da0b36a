import { templatesHref } from './templates-route'

/** The client page's way to its message templates. */
export function TemplatesLink({ clientId }: { clientId: string }) {
  return (
    <section className="panel" aria-labelledby="client-templates">
      <h2 className="panel__title" id="client-templates">
        Message templates
      </h2>
      <p className="panel__lead">
        The messages this client may send outside the 24-hour window, written here and reviewed by
        Meta.
      </p>
      <p>
        <a
          className="button button--secondary"
          href={templatesHref(clientId)}
          data-testid="client-templates-link"
        >
          Manage templates
        </a>
      </p>
    </section>
  )
}
