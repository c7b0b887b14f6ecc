import type { SourceStatus } from './messages';

/** A source kind in words, wherever the dashboard names where a file lives. */
export const KIND_NAMES: Record<SourceStatus['kind'], string> = {
  onedrive: 'OneDrive',
  gdrive: 'Google Drive',
  azblob: 'Azure Blob',
  local: 'Local folder',
};
