import type { PublicComment, ReactionKind } from '@hypomos/shared/api/feedback';
import { REACTION_KINDS, REACTION_LABEL } from '@hypomos/shared/feedback/rules';
import { type FormEvent, type KeyboardEvent, useEffect, useState } from 'react';
import { messageOf } from '../../api/client';
import './feedback.css';
import { ReactionIcon } from './ReactionIcon';
import type { FeedbackControl } from './useFeedback';

const MAX_BODY = 500;
const MAX_NAME = 40;

/** "just now", "5 min ago", "yesterday", then the date. */
function ago(iso: string, now = Date.now()): string {
  const s = Math.max(0, (now - Date.parse(iso)) / 1000);
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  if (s < 172_800) return 'yesterday';
  return new Date(iso).toLocaleDateString(undefined, { dateStyle: 'medium' });
}

/** Initials on a colour picked from the name, so a thread reads at a glance without any picture of anyone. */
function Avatar({ name }: { name: string }) {
  const initials = name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => [...w][0]!.toUpperCase())
    .join('');
  let hue = 0;
  for (const ch of name) hue = (hue * 31 + ch.codePointAt(0)!) % 360;
  return (
    <span className="fb-avatar" aria-hidden="true" style={{ background: `hsl(${hue} 45% 42%)` }}>
      {initials || '?'}
    </span>
  );
}

/** The lightbox's side panel: reactions to this item, its comments, and a box to add one. */
export function FeedbackPanel({ itemId, feedback }: { itemId: string; feedback: FeedbackControl }) {
  const f = feedback.of(itemId);
  return (
    <aside className="fb-panel" aria-label="Reactions and comments" data-testid="feedback-panel">
      {feedback.settings.reactions && (
        <div className="fb-reactions" role="group" aria-label="React">
          {REACTION_KINDS.map((kind) => {
            const mine = f?.mine === kind;
            const count = f?.reactions[kind] ?? 0;
            return (
              <button
                key={kind}
                type="button"
                className={mine ? 'fb-reaction mine' : 'fb-reaction'}
                aria-pressed={mine}
                aria-label={`${REACTION_LABEL[kind]}${count ? ` (${count})` : ''}`}
                title={REACTION_LABEL[kind]}
                data-kind={kind}
                onClick={() => void feedback.react(itemId, mine ? null : (kind as ReactionKind))}
              >
                <ReactionIcon kind={kind} size={22} />
                {count > 0 && <span className="fb-count">{count}</span>}
              </button>
            );
          })}
        </div>
      )}
      {feedback.error && (
        <p className="fb-error" role="alert">
          {feedback.error}
        </p>
      )}
      {feedback.settings.comments && <Comments key={itemId} itemId={itemId} feedback={feedback} />}
    </aside>
  );
}

function Comments({ itemId, feedback }: { itemId: string; feedback: FeedbackControl }) {
  const [list, setList] = useState<PublicComment[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [name, setName] = useState(feedback.name);
  const [body, setBody] = useState('');
  const [busy, setBusy] = useState(false);
  const { comments } = feedback;

  useEffect(() => {
    let live = true;
    comments(itemId)
      .then((c) => live && setList(c))
      .catch((err) => live && setError(messageOf(err)));
    return () => {
      live = false;
    };
  }, [comments, itemId]);

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (!name.trim() || !body.trim() || busy) return;
    setBusy(true);
    setError(null);
    try {
      const made = await feedback.post(itemId, name.trim(), body.trim());
      setList((l) => [...(l ?? []), made]);
      setBody('');
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };
  const onKey = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      void submit();
    }
  };
  const remove = async (c: PublicComment) => {
    try {
      await feedback.remove(itemId, c.id);
      setList((l) => l?.filter((x) => x.id !== c.id) ?? l);
    } catch (err) {
      setError(messageOf(err));
    }
  };

  return (
    <section className="fb-comments" aria-label="Comments">
      <h2 className="fb-title">
        Comments {list && list.length > 0 && <span className="fb-title-count">{list.length}</span>}
      </h2>
      <ol className="fb-list" data-testid="comment-list" aria-busy={list === null}>
        {list?.length === 0 && <li className="fb-empty">No comments yet. Say something nice.</li>}
        {list?.map((c) => (
          <li key={c.id} className="fb-comment" data-testid="comment" data-comment-id={c.id}>
            <Avatar name={c.name} />
            <div className="fb-bubble">
              <p className="fb-meta">
                <strong className="fb-name">{c.name}</strong>
                <time dateTime={c.createdAt} title={new Date(c.createdAt).toLocaleString()}>
                  {ago(c.createdAt)}
                </time>
                {c.mine && (
                  <button
                    type="button"
                    className="fb-delete"
                    onClick={() => void remove(c)}
                    aria-label={`Delete your comment “${c.body.slice(0, 40)}”`}
                  >
                    Delete
                  </button>
                )}
              </p>
              <p className="fb-body">{c.body}</p>
            </div>
          </li>
        ))}
      </ol>
      {error && (
        <p className="fb-error" role="alert" data-testid="comment-error">
          {error}
        </p>
      )}
      <form className="fb-form" onSubmit={submit} aria-label="Add a comment">
        <input
          className="fb-name-input"
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder="Your name"
          aria-label="Your name"
          maxLength={MAX_NAME}
          autoComplete="nickname"
          data-testid="comment-name"
        />
        <div className="fb-compose">
          <textarea
            value={body}
            onChange={(e) => setBody(e.target.value)}
            onKeyDown={onKey}
            placeholder={list && list.length > 0 ? 'Add a comment…' : 'Be the first to comment…'}
            aria-label="Comment"
            maxLength={MAX_BODY}
            rows={2}
            data-testid="comment-body"
          />
          <button type="submit" className="fb-send" disabled={busy || !name.trim() || !body.trim()}>
            Post
          </button>
        </div>
        {body.length > MAX_BODY - 80 && <span className="fb-left">{MAX_BODY - body.length} characters left</span>}
      </form>
    </section>
  );
}
