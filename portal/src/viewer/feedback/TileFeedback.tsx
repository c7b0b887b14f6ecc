import { commentCountLabel, reactionsByCount, reactionTotal } from '@hypomos/shared/feedback/rules';
import { ReactionIcon } from './ReactionIcon';
import type { FeedbackControl } from './useFeedback';

/** The counts on a grid tile: the two most chosen reactions with the total, and the comments. Nothing when none. */
export function TileFeedback({ itemId, feedback }: { itemId: string; feedback: FeedbackControl }) {
  const f = feedback.of(itemId);
  if (!f) return null;
  const top = reactionsByCount(f.reactions).slice(0, 2);
  const total = reactionTotal(f.reactions);
  if (total === 0 && f.comments === 0) return null;
  const label = [
    total ? `${total} ${total === 1 ? 'reaction' : 'reactions'}` : null,
    f.comments ? commentCountLabel(f.comments) : null,
  ]
    .filter(Boolean)
    .join(', ');
  return (
    <span className="tile-feedback" data-testid="tile-feedback" aria-label={label} title={label}>
      {total > 0 && (
        <span className="tile-feedback-part" data-testid="tile-reactions">
          <span className="tile-feedback-icons">
            {top.map((r) => (
              <ReactionIcon key={r.kind} kind={r.kind} size={16} />
            ))}
          </span>
          {total}
        </span>
      )}
      {f.comments > 0 && (
        <span className="tile-feedback-part" data-testid="tile-comments">
          <svg aria-hidden="true" viewBox="0 0 16 16" width="13" height="13">
            <path
              d="M3 2.5h10a1.5 1.5 0 0 1 1.5 1.5v6a1.5 1.5 0 0 1-1.5 1.5H7l-3.2 2.6a.3.3 0 0 1-.5-.2v-2.4H3A1.5 1.5 0 0 1 1.5 10V4A1.5 1.5 0 0 1 3 2.5Z"
              fill="currentColor"
            />
          </svg>
          {f.comments}
        </span>
      )}
    </span>
  );
}
