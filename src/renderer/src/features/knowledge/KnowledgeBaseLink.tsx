import { knowledgeHref } from './knowledge-route'

/** The client page's way into its knowledge base. */
export function KnowledgeBaseLink({ clientId }: { clientId: string }) {
  return (
    <section className="panel" aria-labelledby="client-knowledge">
      <h2 className="panel__title" id="client-knowledge">
        Knowledge base
      </h2>
      <p className="panel__lead">
        The FAQ answers and business facts AI drafts answer this client’s customers from.
      </p>
      <p>
        <a
          className="button button--secondary"
          href={knowledgeHref(clientId)}
          data-testid="client-knowledge-link"
        >
          Edit knowledge base
        </a>
      </p>
    </section>
  )
}
