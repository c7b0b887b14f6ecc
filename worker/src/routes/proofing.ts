import {
  ExportQuery,
  MAX_PROOFING_CLIENTS,
  PROOFING_CLIENT_HEADER,
  ProofingClientHeader,
  type ProofingReport,
  type Selection,
  StartSelectionBody,
} from '@hypomos/shared/api/proofing';
import { exportSelection, isLocked } from '@hypomos/shared/proofing/selection';
import { type Context, Hono } from 'hono';
import type { AppEnv } from '../env';
import { ApiError } from '../errors';
import { toProofingReport } from '../mappers';
import { countFailedLookups } from '../middleware/rate-limit';
import type { ProofingClientRow } from '../repositories/proofing';
import type { ShareState } from '../repositories/public-reads';
import { ownShare } from '../services/access';
import { admittedShare } from '../services/public-read';
import { validate } from '../validate';

type C = Context<AppEnv>;

const rulesOf = (s: ShareState) => ({
  enabled: s.proofing,
  limit: s.proofingLimit,
  deadline: s.proofingDeadline,
});

/** The gallery, admitted like any viewer write (token, expiry, passcode grant, guessing limit), with proofing on. */
async function proofingShare(c: C) {
  const share = await admittedShare(c);
  if (!share.proofing) throw new ApiError(404, 'proofing_off', 'This gallery does not take favourites.');
  return share;
}

/** The client whose token came in the header; a missing or forged token is refused (and counted as a guess). */
async function clientOf(c: C, share: ShareState): Promise<ProofingClientRow> {
  const token = c.req.header(PROOFING_CLIENT_HEADER);
  const client = token ? await c.get('repos').proofing.client(share.id, token) : null;
  if (!client) throw new ApiError(401, 'unknown_client', 'Start your selection with your name first.');
  return client;
}

async function selectionOf(c: C, share: ShareState, client: ProofingClientRow): Promise<Selection> {
  const rules = rulesOf(share);
  return {
    name: client.name,
    picks: (await c.get('repos').proofing.picksOf(client.id)) as Selection['picks'],
    limit: rules.limit,
    deadline: rules.deadline === null ? null : new Date(rules.deadline).toISOString(),
    locked: isLocked(rules, c.get('deps').now()),
  };
}

function refuseLocked(c: C, share: ShareState) {
  if (isLocked(rulesOf(share), c.get('deps').now()))
    throw new ApiError(409, 'selection_locked', 'The photographer’s deadline has passed: the selection is locked.');
}

/**
 * Client proofing for a gallery's viewers (issue 23). Mounted under /public after publicRoutes, whose flood limit
 * and read session already cover every /public path, so they are not added again here.
 */
export const proofingPublicRoutes = new Hono<AppEnv>()
  .post('/shares/:token/proofing/clients', countFailedLookups, validate('json', StartSelectionBody), async (c) => {
    const share = await proofingShare(c);
    refuseLocked(c, share);
    const started = await c
      .get('repos')
      .proofing.startClient(share.id, c.req.valid('json').name, c.get('deps').now(), MAX_PROOFING_CLIENTS);
    if (!started) throw new ApiError(409, 'too_many_clients', 'This gallery has as many selections as it can take.');
    const selection = await selectionOf(c, share, started.client);
    return c.json({ clientToken: started.token, selection }, 201);
  })
  .get('/shares/:token/proofing', countFailedLookups, validate('header', ProofingClientHeader), async (c) => {
    const share = await proofingShare(c);
    return c.json(await selectionOf(c, share, await clientOf(c, share)));
  })
  .put(
    '/shares/:token/proofing/picks/:itemId',
    countFailedLookups,
    validate('header', ProofingClientHeader),
    async (c) => {
      const share = await proofingShare(c);
      const client = await clientOf(c, share);
      const repos = c.get('repos');
      const now = c.get('deps').now();
      refuseLocked(c, share);
      const outcome = await repos.proofing.pick(client.id, share.id, c.req.param('itemId'), share.proofingLimit, now);
      if (outcome === 'not_found') throw new ApiError(404, 'not_found', 'No such item in this gallery.');
      if (outcome === 'limit_reached')
        throw new ApiError(
          409,
          'limit_reached',
          `You can choose up to ${share.proofingLimit} favourites: remove one to choose another.`,
        );
      return c.json(await selectionOf(c, share, client));
    },
  )
  .delete(
    '/shares/:token/proofing/picks/:itemId',
    countFailedLookups,
    validate('header', ProofingClientHeader),
    async (c) => {
      const share = await proofingShare(c);
      const client = await clientOf(c, share);
      refuseLocked(c, share);
      await c.get('repos').proofing.unpick(client.id, c.req.param('itemId'), c.get('deps').now());
      return c.json(await selectionOf(c, share, client));
    },
  );

/** The photographer's side: every client's picks, and the list of file names to export. */
export const proofingOwnerRoutes = new Hono<AppEnv>()
  .get('/shares/:id/proofing', async (c) => {
    const { share } = await ownShare(c, c.req.param('id'));
    const report = await c.get('repos').proofing.report(share.id);
    return c.json(toProofingReport(share, report, c.get('deps').now()) satisfies ProofingReport);
  })
  .get('/shares/:id/proofing/export', validate('query', ExportQuery), async (c) => {
    const { share } = await ownShare(c, c.req.param('id'));
    const q = c.req.valid('query');
    const { clients, picks } = await c.get('repos').proofing.report(share.id);
    if (q.client && !clients.some((x) => x.id === q.client))
      throw new ApiError(404, 'not_found', 'No such client on this gallery.');
    const names = new Map(clients.map((x) => [x.id, x.name]));
    const rows = picks
      .filter((p) => !q.client || p.clientId === q.client)
      .map((p) => ({
        client: names.get(p.clientId) ?? '',
        fileName: p.fileName,
        sourceItemId: p.sourceItemId,
        pickedAt: p.pickedAt,
      }));
    const csv = q.format === 'csv';
    const filename = `favourites${q.format === 'lightroom' ? '-lightroom' : ''}.${csv ? 'csv' : 'txt'}`;
    return c.body(exportSelection(rows, q.format), 200, {
      'content-type': csv ? 'text/csv; charset=utf-8' : 'text/plain; charset=utf-8',
      'content-disposition': `attachment; filename="${filename}"`,
    });
  });
