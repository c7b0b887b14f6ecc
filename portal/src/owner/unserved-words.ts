import type { UnservedItem } from '@hypomos/shared/api/shares';

const PROVIDER: Record<UnservedItem['provider'], string> = {
  gdrive: 'Google Drive',
  onedrive: 'OneDrive',
  'onedrive-business': 'OneDrive for Business',
  azblob: 'Azure Blob storage',
};

function viewWords(u: UnservedItem): string {
  if (u.provider === 'gdrive')
    return 'Google Drive needs a resource key for this file (shared before September 2021), which a browser cannot send.';
  if (u.provider === 'onedrive' && u.mediaType === 'video')
    return 'OneDrive does not play videos for other sites: guests can watch it only through the portal.';
  return `${PROVIDER[u.provider]} has no link a guest's browser can load this ${u.mediaType === 'video' ? 'video' : 'photo'} from.`;
}

function downloadWords(u: UnservedItem, downloads: 'none' | 'web' | 'original'): string {
  if (downloads === 'web')
    return u.mediaType === 'video'
      ? 'A video has no web size, and this link allows only web-size downloads.'
      : `${PROVIDER[u.provider]} makes no web-size copy of photos, and this link allows only web-size downloads.`;
  if (u.provider === 'azblob')
    return 'The storage account has no CORS rule for the portal, so Download and Download all leave it out.';
  return `${PROVIDER[u.provider]} does not let other sites download it, so Download and Download all leave it out.`;
}

/** Why guests cannot load an item under the share's settings, in the owner's words (no ids, no codes). */
export function unservedWords(u: UnservedItem, downloads: 'none' | 'web' | 'original' = 'original'): string {
  const view = u.reasons.includes('view');
  const download = u.reasons.includes('download');
  if (view && download) return `${viewWords(u)} It cannot be downloaded either.`;
  return view ? viewWords(u) : downloadWords(u, downloads);
}
