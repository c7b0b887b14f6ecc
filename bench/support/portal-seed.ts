// Seeding helpers shared by the portal benchmarks: they talk to a running `wrangler dev` only through the public
// API with a seeded account's Bearer token, as the extension does.

export function bearer(token: string) {
  return { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
}

async function ok<T>(res: Response | Promise<Response>, what: string): Promise<T> {
  const r = await res;
  if (!r.ok) throw new Error(`${what}: ${r.status} ${await r.text()}`);
  return (await r.json()) as T;
}

/** Registers source `od1` and publishes `count` items (500 per request) into a new static collection; returns its id. */
export async function seedCollection(origin: string, token: string, count: number, title = 'Bench'): Promise<string> {
  const h = bearer(token);
  await ok(
    fetch(`${origin}/api/sources/od1`, {
      method: 'PUT',
      headers: h,
      body: JSON.stringify({ kind: 'onedrive', name: 'OneDrive' }),
    }),
    'source',
  );
  const col = await ok<{ id: string }>(
    fetch(`${origin}/api/collections`, { method: 'POST', headers: h, body: JSON.stringify({ title, kind: 'static' }) }),
    'collection',
  );
  for (let start = 0; start < count; start += 500) {
    const items = Array.from({ length: Math.min(500, count - start) }, (_, k) => ({
      sourceId: 'od1',
      sourceItemId: `photo-${start + k}`,
      mediaType: 'image',
      capturedAt: new Date(Date.UTC(2023, 0, 1) + (start + k) * 60_000).toISOString(),
      width: 4032,
      height: 3024,
      blurhash: 'LEHV6nWB2yk8pyo0adR*.7kCMdnj',
      originalUrl: `https://contoso-my.sharepoint.com/personal/o/download.aspx?share=${start + k}`,
      thumbnailUrl: `https://contoso-my.sharepoint.com/thumb/${start + k}`,
    }));
    await ok(
      fetch(`${origin}/api/collections/${col.id}/items`, {
        method: 'POST',
        headers: h,
        body: JSON.stringify({ items }),
      }),
      'publish',
    );
  }
  return col.id;
}

/** A share link on the collection; returns its token. */
export async function createShare(origin: string, token: string, collectionId: string): Promise<string> {
  return (
    await ok<{ token: string }>(
      fetch(`${origin}/api/collections/${collectionId}/shares`, { method: 'POST', headers: bearer(token), body: '{}' }),
      'share',
    )
  ).token;
}

/** An event open for contributions now; returns its id and token. */
export async function createEvent(origin: string, token: string): Promise<{ id: string; token: string }> {
  const now = Date.now();
  const body = {
    title: 'Bench event',
    startsAt: new Date(now - 3600_000).toISOString(),
    endsAt: new Date(now + 86400_000).toISOString(),
    expiresAt: new Date(now + 30 * 86400_000).toISOString(),
  };
  const ev = await ok<{ token: string; event: { id: string } }>(
    fetch(`${origin}/api/events`, { method: 'POST', headers: bearer(token), body: JSON.stringify(body) }),
    'event',
  );
  return { id: ev.event.id, token: ev.token };
}

/** Contributes a guest's collection to an event; every item enters the organizer's queue as pending. */
export async function contribute(origin: string, guestToken: string, eventToken: string, collectionId: string) {
  await ok(
    fetch(`${origin}/api/contributions`, {
      method: 'POST',
      headers: bearer(guestToken),
      body: JSON.stringify({ eventToken, collectionId }),
    }),
    'contribute',
  );
}

/** Every pending item id in the organizer's queue, page by page. */
export async function pendingIds(origin: string, organizerToken: string, eventId: string): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const q: string = `?state=pending&limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page = await ok<{ entries: { itemId: string }[]; nextCursor: string | null }>(
      fetch(`${origin}/api/events/${eventId}/queue${q}`, { headers: bearer(organizerToken) }),
      'queue',
    );
    ids.push(...page.entries.map((e) => e.itemId));
    cursor = page.nextCursor;
  } while (cursor);
  return ids;
}
