import type {
  FeedbackSettings,
  FeedbackSummary,
  ItemFeedback,
  PublicComment,
  ReactionKind,
  VIEWER_SECRET_HEADER,
} from '@hypomos/shared/api/feedback';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { client, messageOf, ok } from '../../api/client';

// Typed against the shared constant, not imported at runtime (see api/client.ts: zod stays out of the viewer bundle).
const HEADER: typeof VIEWER_SECRET_HEADER = 'x-viewer-secret';
const SECRET_KEY = 'hypomos.viewer-secret';
const NAME_KEY = 'hypomos.comment-name';

function stored(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}
function store(key: string, value: string) {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Private mode without storage: the name is asked again next time, the secret lives for this page.
  }
}

/**
 * This browser's viewer secret: random, kept in localStorage, sent only as a header. The portal keeps a hash of it
 * per share or event, so it makes one reaction per item and lets this browser delete its own comments.
 */
function viewerSecret(): string {
  const known = stored(SECRET_KEY);
  if (known && /^[A-Za-z0-9_-]{22,64}$/.test(known)) return known;
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  const secret = btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
  store(SECRET_KEY, secret);
  return secret;
}

type ScopeKind = 'share' | 'event';

/** The typed routes of one share or event. */
function routesOf(kind: ScopeKind, token: string) {
  const base = kind === 'share' ? client.api.public.shares[':token'] : client.api.public.events[':token'];
  const header = () => ({ [HEADER]: viewerSecret() });
  return {
    summary: () => ok(base.feedback.$get({ param: { token }, header: header() })),
    comments: (itemId: string) =>
      ok(base.items[':itemId'].comments.$get({ param: { token, itemId } }, { headers: header() })),
    post: (itemId: string, json: { name: string; body: string }) =>
      ok(base.items[':itemId'].comments.$post({ param: { token, itemId }, header: header(), json })),
    remove: async (commentId: string) =>
      void (await ok(base.comments[':commentId'].$delete({ param: { token, commentId }, header: header() }))),
    react: (itemId: string, kind: ReactionKind) =>
      ok(base.items[':itemId'].reaction.$put({ param: { token, itemId }, header: header(), json: { kind } })),
    unreact: (itemId: string) =>
      ok(base.items[':itemId'].reaction.$delete({ param: { token, itemId }, header: header() })),
  };
}

export interface FeedbackControl {
  settings: FeedbackSettings;
  of(itemId: string): ItemFeedback | undefined;
  /** The kind to hold on the item, or null to take this viewer's reaction back. */
  react(itemId: string, kind: ReactionKind | null): Promise<void>;
  comments(itemId: string): Promise<PublicComment[]>;
  post(itemId: string, name: string, body: string): Promise<PublicComment>;
  remove(itemId: string, commentId: string): Promise<void>;
  /** The display name this browser used last. */
  name: string;
  error: string | null;
}

/** Comments and reactions on a share or event (issue 23), when its owner turned either on. */
export function useFeedback(kind: ScopeKind, token: string, settings: FeedbackSettings): FeedbackControl | undefined {
  const on = settings.comments || settings.reactions;
  const routes = useMemo(() => routesOf(kind, token), [kind, token]);
  const [summary, setSummary] = useState<FeedbackSummary | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [name, setName] = useState(() => stored(NAME_KEY) ?? '');

  useEffect(() => {
    if (!on) return;
    let live = true;
    routes
      .summary()
      .then((s) => live && setSummary(s))
      .catch((err) => live && setError(messageOf(err)));
    return () => {
      live = false;
    };
  }, [routes, on]);

  const bump = useCallback((itemId: string, delta: number) => {
    setSummary((s) => {
      if (!s) return s;
      const was = s.items[itemId] ?? { reactions: {}, comments: 0, mine: null };
      return { ...s, items: { ...s.items, [itemId]: { ...was, comments: Math.max(0, was.comments + delta) } } };
    });
  }, []);

  const react = useCallback(
    async (itemId: string, kind: ReactionKind | null) => {
      setError(null);
      try {
        setSummary(await (kind ? routes.react(itemId, kind) : routes.unreact(itemId)));
      } catch (err) {
        setError(messageOf(err));
      }
    },
    [routes],
  );
  const post = useCallback(
    async (itemId: string, who: string, body: string) => {
      const made = await routes.post(itemId, { name: who, body });
      store(NAME_KEY, who);
      setName(who);
      bump(itemId, 1);
      return made;
    },
    [routes, bump],
  );
  const remove = useCallback(
    async (itemId: string, commentId: string) => {
      await routes.remove(commentId);
      bump(itemId, -1);
    },
    [routes, bump],
  );
  const comments = useCallback(async (itemId: string) => (await routes.comments(itemId)).comments, [routes]);
  const of = useCallback((itemId: string) => summary?.items[itemId], [summary]);

  return useMemo(
    () => (on ? { settings, of, react, comments, post, remove, name, error } : undefined),
    [on, settings, of, react, comments, post, remove, name, error],
  );
}
