import type { SourceRow } from '../db/rows';

/** A source row as the dashboard stores it, with the settings tests and checks leave at their defaults. */
export const sourceRow = (id: string, kind: SourceRow['kind'], config: Record<string, string>): SourceRow => ({
  id,
  kind,
  name: id,
  config,
  createdAt: 0,
  visionOptIn: false,
  autoTagFolders: false,
  ignoredFolderNames: [],
});
