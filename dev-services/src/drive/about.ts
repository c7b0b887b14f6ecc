import type { MediaStore } from '../contract/media-store';
import type { Schema } from './fields';

/**
 * The About resource's storage part, as https://developers.google.com/drive/api/reference/rest/v3/about documents
 * it. `storageQuota`: `limit` "will not be present if the user has unlimited storage"; `usage` is across all
 * services (this server has Drive only, so it equals `usageInDrive`); `usageInDriveTrash` is the trashed files'
 * part, which still counts. The values are int64, which Google's JSON writes as strings.
 */
export const ABOUT_SCHEMA: Schema = {
  kind: true,
  storageQuota: { limit: true, usage: true, usageInDrive: true, usageInDriveTrash: true },
};

export function aboutResource(store: MediaStore, limitBytes: number | null) {
  const { used, inBin } = store.usage();
  return {
    kind: 'drive#about',
    storageQuota: {
      ...(limitBytes === null ? {} : { limit: String(limitBytes) }),
      usage: String(used),
      usageInDrive: String(used),
      usageInDriveTrash: String(inBin),
    },
  };
}
