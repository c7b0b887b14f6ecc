import type { HypomosDb } from '../../../db';
import type { SourceRow } from '../../../db/rows';
import { MessageError } from '../../messages';
import { sourcesOfKind } from '../../sources';
import type { HostKind } from '../location';

const HOST_NAMES: Record<HostKind, string> = { gdrive: 'Google Drive', onedrive: 'OneDrive' };

/**
 * The connected source a host page belongs to. With several sources of one kind, the oldest wins:
 * the page does not tell us reliably which account it shows.
 */
export async function sourceForHost(db: HypomosDb, host: HostKind): Promise<SourceRow> {
  const sources = await sourcesOfKind(db, host);
  const source = sources[0];
  if (!source)
    throw new MessageError('bad_request', `Connect your ${HOST_NAMES[host]} in the Hypomos dashboard first.`);
  return source;
}
