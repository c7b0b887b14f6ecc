import type { FeedbackSettings, OwnerComment } from '@hypomos/shared/api/feedback';
import { useState } from 'react';
import { client, messageOf, ok } from '../../api/client';
import { ItemThumb, itemTitle } from '../../ui/ItemThumb';
import { useUi } from '../../ui/ui-context';
import { useLoad, when } from '../useLoad';
import './comments-panel.css';

type Scope = { kind: 'share' | 'event'; id: string };

function routesOf({ kind, id }: Scope) {
  const param = { id };
  if (kind === 'share') {
    const r = client.api.shares[':id'];
    return {
      load: () => ok(r.feedback.$get({ param })),
      save: async (json: FeedbackSettings) => void (await ok(r.feedback.$put({ param, json }))),
      remove: async (commentId: string) =>
        void (await ok(r.comments[':commentId'].$delete({ param: { id, commentId } }))),
    };
  }
  const r = client.api.events[':id'];
  return {
    load: () => ok(r.feedback.$get({ param })),
    save: async (json: FeedbackSettings) => void (await ok(r.feedback.$put({ param, json }))),
    remove: async (commentId: string) =>
      void (await ok(r.comments[':commentId'].$delete({ param: { id, commentId } }))),
  };
}

/**
 * Comments and reactions on one share link or event (issue 23), for its owner or organizer: switch each on or off
 * (both start off), read what viewers wrote on which photo, and delete any comment.
 */
export function CommentsPanel({ scope, onChanged }: { scope: Scope; onChanged?: () => void | Promise<void> }) {
  const ui = useUi();
  const routes = routesOf(scope);
  const view = useLoad(routes.load, `${scope.kind}:${scope.id}`);
  // The switch moves at once; it goes back if the portal refuses.
  const [saving, setSaving] = useState<FeedbackSettings | null>(null);
  const settings = saving ?? view.data?.settings;
  const save = async (next: FeedbackSettings) => {
    setSaving(next);
    try {
      await routes.save(next);
      await view.reload();
      await onChanged?.();
    } catch (err) {
      ui.toast({ text: messageOf(err), tone: 'error' });
    } finally {
      setSaving(null);
    }
  };
  const remove = async (c: OwnerComment) => {
    try {
      await routes.remove(c.id);
      await view.reload();
      ui.toast({ text: `Comment by ${c.name} deleted.` });
    } catch (err) {
      ui.toast({ text: messageOf(err), tone: 'error' });
    }
  };
  const noun = scope.kind === 'share' ? 'link' : 'event';
  return (
    <section className="comments-panel" aria-label="Comments and reactions" data-testid="comments-panel">
      {view.error && (
        <p className="alert" role="alert">
          {view.error}
        </p>
      )}
      {settings && (
        <div className="comments-switches">
          <label className="check">
            <input
              type="checkbox"
              name="comments"
              checked={settings.comments}
              disabled={saving !== null}
              onChange={(e) => void save({ ...settings, comments: e.target.checked })}
            />
            Viewers can comment
          </label>
          <label className="check">
            <input
              type="checkbox"
              name="reactions"
              checked={settings.reactions}
              disabled={saving !== null}
              onChange={(e) => void save({ ...settings, reactions: e.target.checked })}
            />
            Viewers can react
          </label>
          <span className="muted small">
            {view.data!.reactions} {view.data!.reactions === 1 ? 'reaction' : 'reactions'} ·{' '}
            {view.data!.comments.length} {view.data!.comments.length === 1 ? 'comment' : 'comments'}
          </span>
        </div>
      )}
      {settings && !settings.comments && !settings.reactions && (
        <p className="muted small">
          Off: viewers of this {noun} see no comments or reactions. Anyone with the link can comment once you turn it
          on, under a name they choose.
        </p>
      )}
      {view.data && view.data.comments.length > 0 && (
        <ul className="owner-comments" data-testid="owner-comments">
          {view.data.comments.map((c) => (
            <li key={c.id} className="owner-comment" data-comment-id={c.id}>
              <ItemThumb preview={c.preview} size={48} />
              <div className="owner-comment-text">
                <p className="owner-comment-meta">
                  <strong>{c.name}</strong>
                  <span className="muted small">
                    {when(c.createdAt)} · on {itemTitle(c.preview)}
                  </span>
                </p>
                <p className="owner-comment-body">{c.body}</p>
              </div>
              <button
                type="button"
                className="danger"
                onClick={() => void remove(c)}
                aria-label={`Delete comment by ${c.name}`}
              >
                Delete
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
