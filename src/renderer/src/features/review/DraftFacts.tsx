import type { DraftDetail } from '@shared/contract/drafts'
import { WindowStatus } from '../conversations/WindowStatus'
import { hrefForItem } from '../shell/routes'
import { decisionLabels, handoffLabels, percent, policyShort, ruleLabels } from './labels'

/** Why the draft is here and what it rests on: confidence, rule, sources, window, provider. */
export function DraftFacts({ draft }: { draft: DraftDetail }) {
  return (
    <dl className="draft-facts" data-testid="draft-facts">
      <div>
        <dt>Confidence</dt>
        <dd data-testid="draft-confidence">
          {draft.confidence === null ? (
            '—'
          ) : (
            <>
              <meter min={0} max={1} low={0.6} optimum={1} value={draft.confidence} />{' '}
              {percent(draft.confidence)}
            </>
          )}
        </dd>
      </div>
      <div>
        <dt>Rule</dt>
        <dd data-testid="draft-rule" data-rule={draft.rule}>
          {ruleLabels[draft.rule]}
          {draft.handoffReason ? ` (${handoffLabels[draft.handoffReason]})` : null}
        </dd>
      </div>
      <div>
        <dt>Sources</dt>
        <dd data-testid="draft-sources">
          {draft.sources.length === 0 ? (
            <span className="muted">None</span>
          ) : (
            <ul className="draft-facts__sources">
              {draft.sources.map((source) => (
                <li key={source.ref}>
                  <a href={`${hrefForItem('clients', draft.clientId)}/knowledge`}>
                    {source.kind === 'fact' ? `Fact: ${source.title}` : source.title}
                  </a>{' '}
                  <span className="muted">({source.ref})</span>
                </li>
              ))}
            </ul>
          )}
        </dd>
      </div>
      <div>
        <dt>Window</dt>
        <dd>
          <WindowStatus windowEndsAt={draft.windowEndsAt} />
        </dd>
      </div>
      <div>
        <dt>Policy</dt>
        <dd>{policyShort[draft.policy]}</dd>
      </div>
      <div>
        <dt>Made by</dt>
        <dd>
          {draft.provider ? `${draft.provider} · ${draft.model ?? ''}` : '—'}
          {draft.promptHash ? (
            <span className="muted" title={draft.promptHash}>
              {' '}
              · prompt {draft.promptHash.slice(0, 12)}
            </span>
          ) : null}
          {draft.attempts > 1 ? <span className="muted"> · attempt {draft.attempts}</span> : null}
        </dd>
      </div>
      {draft.decision ? (
        <div>
          <dt>Decision</dt>
          <dd data-testid="draft-decision" data-decision={draft.decision}>
            {decisionLabels[draft.decision]}
            {draft.decidedBy ? ` by ${draft.decidedBy}` : null}
            {draft.decidedAt ? ` at ${new Date(draft.decidedAt).toLocaleString()}` : null}
            {draft.rejectReason ? `: ${draft.rejectReason}` : null}
          </dd>
        </div>
      ) : null}
    </dl>
  )
}
