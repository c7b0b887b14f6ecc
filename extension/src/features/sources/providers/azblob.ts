import {
  MAX_ACCESS_POLICIES,
  type PolicyPlan,
  planPolicy,
  planRotation,
  withoutPolicy,
  withoutStaleGenerations,
} from '@hypomos/shared/providers/azure-access-policy';
import { type HmacSha256, sasExpiry, serviceSas } from '@hypomos/shared/providers/azure-sas';
import {
  DelegatedLink,
  type Provider,
  ProviderError,
  type ProviderItem,
  type ProviderItemRef,
  UNKNOWN_FACTS,
} from '@hypomos/shared/providers/provider';
import { blobDelivery } from '@hypomos/shared/sharing/delivery';
import { type BlobCorsStatus, type BlobOwner, createBlobOwner } from './azblob-owner';
import { z } from 'zod';
import { type Http, rangeBody, rangeHeader } from './http';
import { parseBlobList } from './blob-list-xml';

/**
 * Azure Blob Storage, one container. Blob has no change feed for a container SAS, so every sync lists
 * the whole container (`restype=container&comp=list`, paged by `marker`) and the scanner compares etags;
 * a finished listing's cursor makes the next call answer `reset`, which makes the scanner list in full
 * again and drop the blobs it did not see.
 *
 * Links: with the account key, each link of a share is a blob SAS that names the share's stored access policy
 * (read-only, expiring with the share), so revoking the share deletes the policy and every link stops at once;
 * when the container's five policies are taken, a per-blob SAS with its own expiry, and a warning. With only the
 * user's container SAS, a narrower SAS cannot be minted: the link is the blob URL with the user's SAS, valid until
 * that SAS expires, and only when that SAS can do nothing but read (sp=r) — a listing SAS in a link would let every
 * viewer enumerate the container. Even sp=r opens every blob whose name a viewer can guess, so the account key is
 * the better choice. A single SAS cannot be revoked on its own, and a container holds five policies, so withdrawing
 * one item of a share moves the share to a new policy generation (rotateScope): the other items are re-signed, then
 * the old generation is deleted, and the withdrawn item's link stops.
 *
 * Delivery: `<img>`/`<video>` load a SAS URL anywhere; fetch() (download, ZIP) only with a Blob-service CORS rule
 * for the portal, which the key lets Hypomos add (azblob-owner.ts). `download` is set only when the rule is there.
 */
export interface AzureBlobOptions {
  http: Http;
  /** https://account.blob.core.windows.net/container (no query). */
  containerUrl: string;
  /** The user's SAS query string (with or without '?'); needs at least r and l. */
  sas: string | null;
  /** The storage account key (base64), when the user gave it instead of or beside a SAS. */
  accountKey: string | null;
  hmac: HmacSha256;
  now?: () => number;
  pageSize?: number;
  /** Lifetime of a link made without an expiry when signing with the account key. */
  defaultLinkMs?: number;
  /** The portal origin for which the owner's CORS Test last passed (what a SAS that cannot read the rules goes by). */
  corsTestedFor?: string | null;
}

const Cursor = z.object({ marker: z.string().nullable(), finished: z.boolean().default(false) });

export interface AzureBlobProvider extends Provider {
  /** Whether a page on the portal can fetch() blobs; with the key, adds the CORS rule when it is missing. */
  portalCors(portalOrigin: string, opts?: { refresh?: boolean }): Promise<BlobCorsStatus>;
  /** A short-lived read URL of one blob, for the owner's CORS test in their own browser. */
  testUrl(blobName: string): Promise<string>;
  /** The storage account's name, as the Azure portal and CLI know it. */
  account: string;
}

export function createAzureBlobProvider(opts: AzureBlobOptions): AzureBlobProvider {
  const { http } = opts;
  const now = opts.now ?? Date.now;
  const url = new URL(opts.containerUrl);
  // Azurite and other emulators put the account in the path: http://host:port/account/container.
  const pathParts = url.pathname.split('/').filter(Boolean);
  const container = pathParts.at(-1) ?? '';
  const account = pathParts.length > 1 ? (pathParts[0] as string) : (url.hostname.split('.')[0] ?? '');
  const base = `${url.origin}${url.pathname.replace(/\/$/, '')}`;
  if (!opts.sas && !opts.accountKey)
    throw new ProviderError('unauthorized', 'An Azure Blob source needs a container SAS or the account key');

  let signed: { sas: string; until: number } | null = null;
  /** The SAS used for listing and reads: the user's, or one we sign for an hour with the key. */
  const readSas = async (): Promise<string> => {
    if (opts.sas) return opts.sas.replace(/^\?/, '');
    if (!signed || signed.until - now() < 5 * 60_000) {
      const until = now() + 3600_000;
      const sas = await serviceSas(
        { account, container, permissions: 'rl', expiresAt: new Date(until) },
        opts.accountKey as string,
        opts.hmac,
      );
      signed = { sas, until };
    }
    return signed.sas;
  };
  const blobUrl = (name: string) => `${base}/${name.split('/').map(encodeURIComponent).join('/')}`;
  const serviceRoot = pathParts.length > 1 ? `${url.origin}/${account}` : url.origin;
  const admin = createBlobOwner({
    ...opts,
    serviceRoot,
    containerBase: base,
    account,
    accountKey: opts.accountKey,
    sas: opts.sas?.replace(/^\?/, '') ?? null,
    now,
  });
  /** Stored access policies need the key; reading CORS rules also works with an account SAS. */
  const owner: BlobOwner | null = opts.accountKey ? admin : null;
  /** Container ACL changes read, change and write the whole list: one at a time. */
  let aclQueue: Promise<unknown> = Promise.resolve();
  const serially = <T>(job: () => Promise<T>): Promise<T> => {
    const run = aclQueue.then(job, job);
    aclQueue = run.catch(() => undefined);
    return run;
  };
  const policies = new Map<string, { fixedUntil: number | null; plan: Promise<PolicyPlan> }>();
  const corsChecks = new Map<string, Promise<BlobCorsStatus>>();
  /** Checked (and set, with the key) once per portal and provider instance; `refresh` after the owner changed it. */
  const portalCors = (portalOrigin: string, o: { refresh?: boolean } = {}) => {
    let check = corsChecks.get(portalOrigin);
    if (!check || o.refresh) {
      check = admin
        .portalCors(portalOrigin)
        .then((status) =>
          status.state === 'unknown' && opts.corsTestedFor === new URL(portalOrigin).origin
            ? { state: 'tested' as const, allows: true, why: null }
            : status,
        );
      check.catch(() => corsChecks.delete(portalOrigin));
      corsChecks.set(portalOrigin, check);
    }
    return check;
  };

  return {
    kind: 'azblob',
    canLink: true,
    // Delete Blob keeps the blob only where the account has soft delete on, and a container SAS cannot read that
    // setting; azurite has neither (Undelete Blob answers 501). So Hypomos treats a delete as final and asks first.
    deletes: 'forever',
    async trash(ref) {
      const sas = opts.accountKey
        ? await serviceSas(
            { account, container, blob: ref.id, permissions: 'd', expiresAt: new Date(now() + 600_000) },
            opts.accountKey,
            opts.hmac,
          )
        : (opts.sas ?? '').replace(/^\?/, '');
      // Delete Blob: 202 Accepted; 404 BlobNotFound means it is gone already.
      await http.request(`${blobUrl(ref.id)}?${sas}`, { method: 'DELETE' }, { auth: false, accept: [404] });
    },
    async changes(raw) {
      const cursor = raw ? Cursor.safeParse(safeJson(raw)) : null;
      if (cursor && (!cursor.success || cursor.data.finished))
        return { upserts: [], deletions: [], cursor: '', done: false, reset: true };
      const marker = cursor?.data.marker ?? null;
      const q = new URLSearchParams({ restype: 'container', comp: 'list', maxresults: String(opts.pageSize ?? 500) });
      if (marker) q.set('marker', marker);
      const res = await http.bytes(`${base}?${q}&${await readSas()}`, {}, { auth: false });
      let list: ReturnType<typeof parseBlobList>;
      try {
        list = parseBlobList(new TextDecoder().decode(res.bytes));
      } catch (error) {
        throw new ProviderError('bad_response', `List Blobs: ${(error as Error).message}`);
      }
      const upserts = list.blobs.filter((b) => !b.name.endsWith('/')).map(toProviderItem);
      const done = !list.nextMarker;
      return {
        upserts,
        deletions: [],
        cursor: JSON.stringify(done ? { marker: null, finished: true } : { marker: list.nextMarker }),
        done,
      };
    },
    async readRange(ref, start, end) {
      if (end <= start) return new Uint8Array(0);
      const res = await http.bytes(
        `${blobUrl(ref.id)}?${await readSas()}`,
        { headers: { Range: rangeHeader(start, end) } },
        { auth: false, accept: [416] },
      );
      return res.status === 416 ? new Uint8Array(0) : rangeBody(res.status, res.bytes, start, end);
    },
    async mediaRequest(ref) {
      return { url: `${blobUrl(ref.id)}?${await readSas()}`, headers: {} };
    },
    async thumbnail() {
      return null;
    },
    async createLink(ref, expiresAt, context = {}) {
      const link = opts.accountKey ? await keyLink(ref, expiresAt, context.scope ?? null) : containerSasLink(ref);
      const download = context.portalOrigin ? (await portalCors(context.portalOrigin)).allows : false;
      return DelegatedLink.parse({ ...link, delivery: blobDelivery(link.url, null, download) });
    },
    async revokeLink() {
      // A SAS cannot be revoked on its own: a share's links end with its policy generation (rotateScope, when one
      // item is withdrawn; revokeScope, when the share ends), others at their expiry.
    },
    async revokeScope(scope) {
      if (!owner) return;
      await serially(async () => {
        const acl = await owner.readAcl();
        const next = withoutPolicy(acl.policies, scope);
        if (next) await owner.writeAcl(next, acl.publicAccess);
      });
      policies.delete(scope);
    },
    async rotateScope(scope) {
      if (!owner) return null;
      return serially(async () => {
        const acl = await owner.readAcl();
        const next = planRotation(acl.policies, scope);
        if (next.kind === 'none') return null;
        await owner.writeAcl(next.policies, acl.publicAccess);
        policies.delete(scope);
        return { linkId: `policy:${next.id}` };
      });
    },
    async retireStaleScope(scope) {
      if (!owner) return;
      await serially(async () => {
        const acl = await owner.readAcl();
        const next = withoutStaleGenerations(acl.policies, scope);
        if (next) await owner.writeAcl(next, acl.publicAccess);
      });
    },
    portalCors,
    account,
    async testUrl(blobName) {
      if (!opts.accountKey) return `${blobUrl(blobName)}?${await readSas()}`;
      const sas = await serviceSas(
        { account, container, blob: blobName, permissions: 'r', expiresAt: new Date(now() + 10 * 60_000) },
        opts.accountKey,
        opts.hmac,
      );
      return `${blobUrl(blobName)}?${sas}`;
    },
  };

  /**
   * With the key, a link of a share names the share's stored access policy (si=), so ending the share revokes all
   * its links at once. When the container's five policies are taken, the link is a per-blob SAS with its own expiry,
   * and the owner is told it cannot be revoked early.
   */
  async function keyLink(ref: ProviderItemRef, expiresAt: Date | null, scope: string | null) {
    const key = opts.accountKey as string;
    const rolling = expiresAt === null;
    const until = expiresAt?.getTime() ?? now() + (opts.defaultLinkMs ?? 30 * 24 * 3600_000);
    const policy = scope ? await sharePolicy(scope, until, rolling) : null;
    if (policy && policy.kind !== 'full') {
      const sas = await serviceSas(
        { account, container, blob: ref.id, permissions: '', expiresAt: null, identifier: policy.id },
        key,
        opts.hmac,
      );
      return {
        url: `${blobUrl(ref.id)}?${sas}`,
        thumbnailUrl: null,
        linkId: `policy:${policy.id}`,
        expiresAt: policy.expiresAt,
        notice: null,
      };
    }
    const sas = await serviceSas(
      { account, container, blob: ref.id, permissions: 'r', expiresAt: new Date(until) },
      key,
      opts.hmac,
    );
    return {
      url: `${blobUrl(ref.id)}?${sas}`,
      thumbnailUrl: null,
      linkId: `sas:${until}`,
      expiresAt: sasExpiry(sas),
      notice: policy
        ? `This container already has ${MAX_ACCESS_POLICIES} stored access policies (${policy.taken.join(', ')}), the most Azure allows: this link stays valid until it expires, even if the share is revoked.`
        : null,
    };
  }

  /** One policy write per share and provider instance; renewed at half-life for shares without an end date. */
  function sharePolicy(scope: string, until: number, rolling: boolean) {
    const renewBefore = rolling ? now() + (until - now()) / 2 : until;
    const fixedUntil = rolling ? null : until;
    const known = policies.get(scope);
    if (known && known.fixedUntil === fixedUntil) return known.plan;
    const plan = serially(async () => {
      const o = owner as BlobOwner;
      const acl = await o.readAcl();
      const next = planPolicy({ policies: acl.policies, scope, expiresAt: until, renewBefore, now: now() });
      if (next.kind === 'write') await o.writeAcl(next.policies, acl.publicAccess);
      return next;
    });
    plan.catch(() => policies.delete(scope));
    policies.set(scope, { fixedUntil, plan });
    return plan;
  }

  function containerSasLink(ref: ProviderItemRef) {
    const sas = (opts.sas ?? '').replace(/^\?/, '');
    const permissions = new URLSearchParams(sas).get('sp') ?? '';
    if (!permissions.includes('r'))
      throw new ProviderError('forbidden', 'The container SAS has no read permission (sp=r), so it cannot make links');
    // Every viewer of a link gets this SAS: one that can also list or write would hand over the container.
    if (permissions !== 'r') {
      throw new ProviderError(
        'forbidden',
        `The container SAS allows more than reading (sp=${permissions}): sharing it would let viewers list or change the whole container. Add the storage account key (each link then gets its own read-only SAS for one blob), or connect with a read-only SAS (sp=r).`,
      );
    }
    return {
      url: `${blobUrl(ref.id)}?${sas}`,
      thumbnailUrl: null,
      linkId: 'container-sas',
      expiresAt: sasExpiry(sas),
      notice: 'Links made from a container SAS cannot be revoked before that SAS expires.',
    };
  }
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return null;
  }
}

function toProviderItem(b: ReturnType<typeof parseBlobList>['blobs'][number]): ProviderItem {
  const slash = b.name.lastIndexOf('/');
  const time = (s: string | undefined) => (s ? Date.parse(s) : null);
  const md5 = b.props['Content-MD5'];
  return {
    id: b.name,
    name: slash >= 0 ? b.name.slice(slash + 1) : b.name,
    folder: slash >= 0 ? b.name.slice(0, slash) : '',
    mimeType: b.props['Content-Type'] || null,
    bytes: b.props['Content-Length'] ? Number(b.props['Content-Length']) : null,
    modifiedAt: time(b.props['Last-Modified']),
    createdAt: time(b.props['Creation-Time']),
    etag: b.props.Etag ?? null,
    hashes: md5 ? { md5: base64ToHex(md5) } : {},
    ...UNKNOWN_FACTS,
  };
}

function base64ToHex(b64: string): string {
  const bin = atob(b64);
  return Array.from(bin, (c) => c.charCodeAt(0).toString(16).padStart(2, '0')).join('');
}
