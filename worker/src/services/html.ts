// Server-rendered HTML: the share/event shell, error pages, the minimal sign-in and pairing pages.
// Every injected string goes through escapeHtml; nothing user-provided is ever emitted raw.

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => ESCAPES[ch]!);

const page = (title: string, body: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeHtml(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#222}
a.button,button{display:inline-block;margin:.25rem 0;padding:.6rem 1rem;border:1px solid #333;border-radius:6px;background:#fff;color:#222;text-decoration:none;font:inherit;cursor:pointer}</style>
</head><body>${body}</body></html>`;

/** 404/410 pages for people: a plain sentence, no internals. */
export function errorPage(status: 404 | 410 | 429 | 400 | 401, reason: string): string {
  const texts: Record<string, [string, string]> = {
    not_found: ['Link not found', 'This link does not exist. Check that you copied all of it.'],
    revoked: ['Link revoked', 'The owner has stopped sharing this link.'],
    expired: ['Link expired', 'This link has expired. Ask the owner for a new one.'],
    rate_limited: ['Too many requests', 'Please wait a moment and try again.'],
  };
  const [title, text] = texts[reason] ?? ['Something went wrong', 'This request could not be completed.'];
  return page(title, `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p><p class="status">${status}</p>`);
}

/**
 * The portal's index.html with Open Graph tags for chat previews: a title and site name only, never items,
 * owner names or links.
 */
export function injectShell(indexHtml: string, og: { title: string; url: string }): string {
  const tags = [
    `<meta property="og:title" content="${escapeHtml(og.title)}">`,
    `<meta property="og:site_name" content="Hypomos">`,
    `<meta property="og:type" content="website">`,
    `<meta property="og:url" content="${escapeHtml(og.url)}">`,
    `<meta name="twitter:card" content="summary">`,
    `<meta name="robots" content="noindex">`,
  ].join('\n    ');
  // Function replacements: a string replacement would read `$&`, `$'` and the like in a title as patterns.
  const titled = indexHtml.replace(/<title>[^<]*<\/title>/, () => `<title>${escapeHtml(og.title)}</title>`);
  return titled.includes('</head>') ? titled.replace('</head>', () => `    ${tags}\n  </head>`) : `${tags}\n${titled}`;
}

export function signInPage(providers: { name: string; loginUrl: string }[]): string {
  const list = providers.length
    ? providers
        .map((p) => `<p><a class="button" href="${escapeHtml(p.loginUrl)}">Sign in with ${escapeHtml(p.name)}</a></p>`)
        .join('')
    : '<p>No sign-in provider is configured.</p>';
  return page('Sign in to Hypomos', `<h1>Sign in to Hypomos</h1>${list}`);
}

/** Consent before the extension gets an API token; the form posts back here, then redirects to the extension. */
export function pairingPage(v: {
  extension: { id: string; browser: 'Chrome' | 'Firefox' };
  displayName: string;
  redirectUri: string;
  state: string;
  csrf: string;
}): string {
  return page(
    'Connect the Hypomos extension',
    `<h1>Connect the extension</h1><p>Allow the Hypomos browser extension to publish shares as <strong>${escapeHtml(v.displayName)}</strong>?
You can revoke its access at any time.</p>
<p>${v.extension.browser} extension id: <code id="extension-id">${escapeHtml(v.extension.id)}</code>. Check that it is the one
your browser lists for Hypomos.</p>
<form method="post" action="/auth/pair"><input type="hidden" name="redirect_uri" value="${escapeHtml(v.redirectUri)}">
<input type="hidden" name="state" value="${escapeHtml(v.state)}"><input type="hidden" name="csrf" value="${escapeHtml(v.csrf)}">
<button type="submit" id="allow">Allow</button></form>`,
  );
}

export function signedInPage(displayName: string): string {
  return page(
    'Signed in',
    `<h1>Signed in</h1><p id="signed-in">You are signed in as <strong>${escapeHtml(displayName)}</strong>.</p>`,
  );
}
