// Load (issues 9, 21): `wrangler dev` on loopback under 50 concurrent connections spread over 256 guest addresses — share page, event page, the public
// share and event item APIs (autocannon, 10 s each) and approval batches (50 concurrent organizer requests of 50
// decisions over 10,000 pending items, every one a real D1 write) — against GET /api/health measured in the same
// run. Reports requests/s, p99 and the error count per target; the goal is zero errors.
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { accountSeedSql, startWranglerDev } from '../dev-services/src/wrangler-dev';
import { type Figure, figure, quantile } from './figure';
import { asGuests, GUESTS } from './support/guests';
import { bearer, contribute, createEvent, createShare, pendingIds, seedCollection } from './support/portal-seed';

const CONNECTIONS = 50;
const DURATION_S = 10;
const SHARE_ITEMS = 2_000;
const EVENT_ITEMS = 10_000;
const DECISIONS_PER_BATCH = 50;

interface Measured {
  rps: number;
  p99: number;
  errors: number;
}

async function hammer(origin: string, path: string): Promise<Measured> {
  const r = await autocannon({
    url: origin,
    connections: CONNECTIONS,
    duration: DURATION_S,
    requests: asGuests([path]),
  });
  return { rps: r.requests.average, p99: r.latency.p99, errors: r.errors + r.timeouts + r.non2xx };
}

/** Approves/rejects every pending item in batches, CONNECTIONS requests in flight at once. */
async function approveAll(origin: string, organizerToken: string, eventId: string, ids: string[]) {
  const batches: string[][] = [];
  for (let i = 0; i < ids.length; i += DECISIONS_PER_BATCH) batches.push(ids.slice(i, i + DECISIONS_PER_BATCH));
  const latencies: number[] = [];
  let errors = 0;
  let applied = 0;
  let next = 0;
  const started = performance.now();
  const client = async () => {
    while (next < batches.length) {
      const batch = batches[next++]!;
      const decisions = batch.map((itemId, k) => ({ itemId, decision: k % 4 === 0 ? 'reject' : 'approve' }));
      const t0 = performance.now();
      try {
        const res = await fetch(`${origin}/api/events/${eventId}/decisions`, {
          method: 'POST',
          headers: bearer(organizerToken),
          body: JSON.stringify({ decisions }),
        });
        const body = (await res.json()) as { results?: { status: string }[] };
        if (!res.ok) errors++;
        else applied += body.results!.filter((r) => r.status === 'applied').length;
      } catch {
        errors++;
      }
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, client));
  const seconds = (performance.now() - started) / 1000;
  return {
    batchesPerS: batches.length / seconds,
    decisionsPerS: applied / seconds,
    p99: quantile(latencies, 0.99),
    errors,
    applied,
  };
}

export async function run(): Promise<Figure[]> {
  const owner = randomBytes(32).toString('base64url');
  const guest = randomBytes(32).toString('base64url');
  const dev = await startWranglerDev({
    seedSql: [
      accountSeedSql({ id: 'load-owner-0001', name: 'Load Owner', email: 'owner@example.org' }, owner),
      accountSeedSql({ id: 'load-guest-0001', name: 'Load Guest', email: 'guest@example.org' }, guest),
    ].join(' '),
  });
  try {
    const o = dev.origin;
    const shareToken = await createShare(o, owner, await seedCollection(o, owner, SHARE_ITEMS, 'Load share'));
    const event = await createEvent(o, owner);
    await contribute(o, guest, event.token, await seedCollection(o, guest, EVENT_ITEMS, 'Guest'));
    const pending = await pendingIds(o, owner, event.id);
    if (pending.length !== EVENT_ITEMS)
      throw new Error(`queue holds ${pending.length} pending items, expected ${EVENT_ITEMS}`);
    const approvals = await approveAll(o, owner, event.id, pending);
    if (approvals.applied !== EVENT_ITEMS)
      throw new Error(`applied ${approvals.applied} decisions, expected ${EVENT_ITEMS}`);

    const base = await hammer(o, '/api/health');
    const targets: [string, string][] = [
      ['share_page', `/s/${shareToken}`],
      ['event_page', `/e/${event.token}`],
      ['share_items_api', `/api/public/shares/${shareToken}/items?limit=200`],
      ['event_items_api', `/api/public/events/${event.token}/items?limit=200`],
    ];
    const figures: Figure[] = [];
    let errors = approvals.errors;
    const note = `${CONNECTIONS} connections, ${DURATION_S} s, autocannon on loopback from ${GUESTS} guest addresses; baseline GET /api/health`;
    for (const [name, path] of targets) {
      const m = await hammer(o, path);
      errors += m.errors;
      figures.push(figure(`load.${name}_rps`, m.rps, 'req/s', base.rps, null, note));
      figures.push(figure(`load.${name}_p99_ms`, m.p99, 'ms', base.p99, null, note));
      figures.push(figure(`load.${name}_errors`, m.errors, 'requests', base.errors, '0', note));
    }
    const anote = `${CONNECTIONS} concurrent organizer requests of ${DECISIONS_PER_BATCH} decisions over ${EVENT_ITEMS} pending items (all written); baseline GET /api/health`;
    figures.push(figure('load.approval_batch_p99_ms', approvals.p99, 'ms', base.p99, null, anote));
    figures.push(figure('load.approval_batches_per_s', approvals.batchesPerS, 'req/s', base.rps, null, anote));
    figures.push(figure('load.approval_decisions_per_s', approvals.decisionsPerS, 'items/s', null, null, anote));
    figures.push(figure('load.approval_errors', approvals.errors, 'requests', null, '0', anote));
    figures.push(figure('load.errors_total', errors, 'requests', base.errors, '0', 'all targets, 50 connections'));
    return figures;
  } finally {
    await dev.stop();
  }
}
