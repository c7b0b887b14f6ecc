import { env } from 'cloudflare:workers';
import { blobDelivery } from '@hypomos/shared/sharing/delivery';
import { describe, expect, it } from 'vitest';
import { call, item, json, makeUser, type TestUser, testApp } from '../../test/helpers';

// The owner's pages show items as pictures with words, never as ids: statistics, dead-link reports, the approval
// queue and a contributor's items each carry the thumbnails a guest's grid would load for the item.

const SAS = 'https://acct.blob.core.windows.net/photos/a.jpg?sv=2025&si=share-1&sig=x';
const THUMB_SAS = 'https://acct.blob.core.windows.net/photos/.thumbs/a.jpg?sv=2025&si=share-1&sig=y';
type App = ReturnType<typeof testApp>['app'];
type Preview = { mediaType: string; capturedAt: string | null; placeLabel: string | null; thumbnails: string[] };

const photo = item(0, { sourceId: 'blob', delivery: blobDelivery(SAS, THUMB_SAS, false), thumbnailUrl: null });
const video = item(1, {
  sourceId: 'blob',
  mediaType: 'video',
  mimeType: 'video/mp4',
  thumbnailUrl: null,
  durationSec: 12,
  placeLabel: null,
});

async function collectionOf(app: App, who: TestUser) {
  await call(app, who, 'PUT', '/api/sources/blob', { kind: 'azblob', name: 'Blob' });
  const col = await json<{ id: string }>(
    call(app, who, 'POST', '/api/collections', { title: 'Trip', kind: 'static', filterSummary: null }),
  );
  await call(app, who, 'POST', `/api/collections/${col.id}/items`, { items: [photo, video] });
  return col.id;
}

const expected = {
  photo: {
    mediaType: 'image',
    capturedAt: photo.capturedAt,
    placeLabel: 'Florence, Italy',
    durationSec: null,
    thumbnails: [THUMB_SAS, SAS],
    referrer: 'no-referrer',
  },
  video: {
    mediaType: 'video',
    capturedAt: video.capturedAt,
    placeLabel: null,
    durationSec: 12,
    thumbnails: [],
    referrer: 'no-referrer',
  },
};

describe("owner pages get each item's preview", () => {
  it('in share statistics and dead-link reports', async () => {
    const { app } = testApp();
    const owner = await makeUser('Owner');
    const col = await collectionOf(app, owner);
    const s = await json<{ token: string; share: { id: string } }>(
      call(app, owner, 'POST', `/api/collections/${col}/shares`, {}),
    );
    const page = await json<{ items: { id: string; mediaType: string }[] }>(
      app.request(`/api/public/shares/${s.token}/items`, {}, env),
    );
    const idOf = (kind: string) => page.items.find((i) => i.mediaType === kind)!.id;
    await call(app, null, 'POST', `/api/public/shares/${s.token}/stats`, {
      events: [
        { itemId: idOf('image'), kind: 'viewed' },
        { itemId: idOf('video'), kind: 'liked' },
      ],
    });
    await call(app, null, 'POST', `/api/public/shares/${s.token}/reports`, { itemId: idOf('video') });

    const stats = await json<{ items: { itemId: string; preview: Preview }[] }>(
      call(app, owner, 'GET', `/api/shares/${s.share.id}/stats`),
    );
    expect(Object.fromEntries(stats.items.map((i) => [i.itemId, i.preview]))).toEqual({
      [idOf('image')]: expected.photo,
      [idOf('video')]: expected.video,
    });
    const reports = await json<{ reports: { itemId: string; preview: Preview }[] }>(
      call(app, owner, 'GET', '/api/reports'),
    );
    expect(reports.reports.map((r) => [r.itemId, r.preview])).toEqual([[idOf('video'), expected.video]]);
  });

  it("in an event's approval queue and statistics, and in the contributor's own list", async () => {
    const { app, clock } = testApp();
    const organizer = await makeUser('Organizer');
    const guest = await makeUser('Guest');
    const now = clock.now();
    const created = await json<{ token: string; event: { id: string } }>(
      call(app, organizer, 'POST', '/api/events', {
        title: 'Party',
        startsAt: new Date(now).toISOString(),
        endsAt: new Date(now + 3_600_000).toISOString(),
        expiresAt: new Date(now + 86_400_000).toISOString(),
      }),
    );
    const contribution = await json<{ id: string }>(
      call(app, guest, 'POST', '/api/contributions', {
        eventToken: created.token,
        collectionId: await collectionOf(app, guest),
      }),
    );
    const queue = await json<{ entries: { itemId: string; mediaType: string; preview: Preview }[] }>(
      call(app, organizer, 'GET', `/api/events/${created.event.id}/queue`),
    );
    expect(queue.entries.map((e) => e.preview).sort((a, b) => a.mediaType.localeCompare(b.mediaType))).toEqual([
      expected.photo,
      expected.video,
    ]);
    const photoId = queue.entries.find((e) => e.mediaType === 'image')!.itemId;
    await call(app, organizer, 'POST', `/api/events/${created.event.id}/decisions`, {
      decisions: [{ itemId: photoId, decision: 'approve' }],
    });
    await call(app, null, 'POST', `/api/public/events/${created.token}/stats`, {
      events: [{ itemId: photoId, kind: 'viewed' }],
    });
    const stats = await json<{ items: { itemId: string; preview: Preview }[] }>(
      call(app, organizer, 'GET', `/api/events/${created.event.id}/stats`),
    );
    expect(stats.items).toEqual([expect.objectContaining({ itemId: photoId, viewed: 1, preview: expected.photo })]);

    const mine = await json<{ items: { itemId: string; state: string; preview: Preview }[] }>(
      call(app, guest, 'GET', `/api/contributions/${contribution.id}/items`),
    );
    expect(mine.items.map((i) => [i.state, i.preview])).toEqual([
      ['approved', expected.photo],
      ['pending', expected.video],
    ]);
  });
});
