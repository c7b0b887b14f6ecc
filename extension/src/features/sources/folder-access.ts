import type { HypomosDb } from '../../db';

type PermissionHandle = FileSystemDirectoryHandle & {
  queryPermission?: (d: { mode: 'read' }) => Promise<PermissionState>;
  requestPermission?: (d: { mode: 'read' }) => Promise<PermissionState>;
};

/**
 * Asks again for read access to a local folder source. Browsers forget the grant between sessions;
 * requestPermission needs a user gesture, so this runs from a click on the sources page.
 */
export async function regrantFolderAccess(db: HypomosDb, sourceId: string): Promise<PermissionState> {
  const row = await db.dirHandles.get(sourceId);
  if (!row) throw new Error('This folder is no longer known: disconnect it and choose it again.');
  const handle = row.handle as PermissionHandle;
  if ((await handle.queryPermission?.({ mode: 'read' })) === 'granted') return 'granted';
  return (await handle.requestPermission?.({ mode: 'read' })) ?? 'granted';
}
