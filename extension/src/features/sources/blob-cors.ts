import { corsRuleForPeople, portalCorsRule } from '@hypomos/shared/providers/azure-cors';
import { azCliCorsCommand } from '@hypomos/shared/providers/azure-cors-probe';
import type { Provider } from '@hypomos/shared/providers/provider';
import type { HypomosDb } from '../../db';
import type { SourceRow } from '../../db/rows';
import { MessageError } from '../messages';
import type { BlobCorsReply } from './messages';
import type { AzureBlobProvider } from './providers/azblob';

export interface BlobCorsDeps {
  db: HypomosDb;
  providerFor: (source: SourceRow) => Promise<Provider>;
  /** The portal the extension publishes to (sharing/pairing.ts), or null before one is set. */
  portalOrigin: () => Promise<string | null>;
}

const isBlob = (p: Provider): p is AzureBlobProvider => p.kind === 'azblob' && 'portalCors' in p;

/**
 * Whether guests on the portal can fetch() this Blob source's files, the rule that lets them, and a URL to test it
 * with. With the account key the check also adds the rule (azblob-owner.ts); with a SAS the owner adds it.
 */
export async function blobCorsStatus(d: BlobCorsDeps, sourceId: string, refresh: boolean): Promise<BlobCorsReply> {
  const source = await d.db.sources.get(sourceId);
  if (source?.kind !== 'azblob') throw new MessageError('bad_request', 'No such Azure Blob source');
  const provider = await d.providerFor(source);
  if (!isBlob(provider)) throw new MessageError('failed', 'This source cannot check CORS rules');
  const portalOrigin = await d.portalOrigin();
  const sample = await d.db.items.where('sourceId').equals(sourceId).first();
  const testUrl = sample ? await provider.testUrl(sample.providerItemId) : null;
  const test = { testUrl, testBlob: sample?.providerItemId ?? null };
  if (!portalOrigin)
    return {
      portalOrigin,
      state: 'no-portal',
      allows: false,
      why: 'Connect to your share portal first: the rule names its address.',
      rule: [],
      cli: null,
      ...test,
    };
  const rule = portalCorsRule(portalOrigin);
  const status = await provider.portalCors(portalOrigin, { refresh });
  return {
    portalOrigin,
    ...status,
    rule: corsRuleForPeople(rule),
    cli: azCliCorsCommand(rule, provider.account),
    ...test,
  };
}

/**
 * Keeps the origin a passing Test was run from (a SAS-only source's links then offer fetch() downloads), and forgets
 * it when a Test from that origin fails. Stored in the source's non-secret config, read by the provider.
 */
export async function recordCorsTest(db: HypomosDb, sourceId: string, origin: string, ok: boolean): Promise<boolean> {
  const tested = new URL(origin).origin;
  return db.transaction('rw', db.sources, async () => {
    const source = await db.sources.get(sourceId);
    if (source?.kind !== 'azblob') throw new MessageError('bad_request', 'No such Azure Blob source');
    const { corsTestedFor, ...rest } = source.config;
    const config = ok ? { ...rest, corsTestedFor: tested } : corsTestedFor === tested ? rest : source.config;
    await db.sources.update(sourceId, { config });
    return ok;
  });
}
