import type { ApiFailure } from '../api/client';

const TEXTS: Record<string, [string, string]> = {
  not_found: ['Link not found', 'This link does not exist. Check that you copied all of it.'],
  revoked: ['Link revoked', 'The owner has stopped sharing this link.'],
  expired: ['Link expired', 'This link has expired. Ask the owner for a new one.'],
  rate_limited: ['Too many requests', 'Please wait a moment and try again.'],
};

/** Plain pages for unknown (404), revoked or expired (410) links: one sentence, no internals. */
export function StatusPage({ failure }: { failure: ApiFailure }) {
  const [title, text] = TEXTS[failure.code] ?? ['Something went wrong', failure.message];
  return (
    <main className="status-page" data-status={failure.status} data-reason={failure.code}>
      <h1>{title}</h1>
      <p>{text}</p>
    </main>
  );
}
