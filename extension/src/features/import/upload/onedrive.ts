import { ProviderError } from '@hypomos/shared/providers/provider';
import { z } from 'zod';
import type { Http } from '../../sources';
import { type ResumableUploader, UploadError, type UploadCheckpoint, type UploadedFile } from './types';

/**
 * OneDrive uploads through Graph upload sessions
 * (https://learn.microsoft.com/en-us/graph/api/driveitem-createuploadsession): the session URL is
 * pre-authenticated, so no bearer token goes with fragments ("may result in an HTTP 401").
 */
const KIB_320 = 320 * 1024;
/** 10 × 320 KiB: a multiple of 320 KiB and far below the 60 MiB cap; one lost fragment costs 3.2 MiB at most. */
export const ONEDRIVE_FRAGMENT = 10 * KIB_320;

const Session = z.object({ uploadUrl: z.string().url(), expirationDateTime: z.string().optional() });
const Status = z.object({ expirationDateTime: z.string().optional(), nextExpectedRanges: z.array(z.string()) });
const DriveItem = z.object({
  id: z.string(),
  name: z.string(),
  size: z.number(),
  file: z
    .object({
      hashes: z
        .object({
          sha1Hash: z.string().optional(),
          quickXorHash: z.string().optional(),
          sha256Hash: z.string().optional(),
        })
        .optional(),
    })
    .optional(),
});

export function createOneDriveUploader(opts: { http: Http; apiUrl: string }): ResumableUploader {
  const { http, apiUrl } = opts;
  const nextOffset = (ranges: string[]) => Number(/^(\d+)-/.exec(ranges[0] ?? '')?.[1] ?? Number.NaN);
  const mapped = (error: unknown): never => {
    if (!(error instanceof ProviderError)) throw error;
    if (error.status === 404) throw new UploadError('session_expired', 'not_found', error.message, 404);
    if (error.status === 409) throw new UploadError('name_refused', 'bad_response', error.message, 409);
    if (error.status === 507) throw new UploadError('quota_full', 'forbidden', error.message, 507);
    throw error;
  };
  const itemUrl = (cp: UploadCheckpoint) =>
    `${apiUrl}/me/drive/root:/${[...(cp.folderPath ?? '').split('/').filter(Boolean), cp.name].map(encodeURIComponent).join('/')}?$select=id,name,size,file`;
  /** The file at the checkpoint's path, if it has the upload's size. */
  const landed = async (cp: UploadCheckpoint, signal?: AbortSignal) => {
    const res = await http.request(itemUrl(cp), { signal }, { accept: [404] });
    if (res.status === 404) {
      await res.body?.cancel();
      return null;
    }
    const item = DriveItem.parse(await res.json());
    return item.size === cp.size ? item : null;
  };
  const status = async (cp: UploadCheckpoint, signal?: AbortSignal) => {
    const res = await http.request(cp.sessionUrl!, { signal }, { auth: false, accept: [404] });
    if (res.status === 404) {
      await res.body?.cancel();
      // A finished session is gone too. If the last fragment may have been sent (its answer lost, or the worker
      // stopped before saving it), a file of this size at the path means it landed: starting over would make a
      // renamed second copy. A same-size stranger there fails the queue's hash check instead of passing unseen.
      if (cp.size - cp.offset <= ONEDRIVE_FRAGMENT && (await landed(cp, signal))) return { ...cp, offset: cp.size };
      return 'expired' as const;
    }
    const body = Status.parse(await res.json());
    return { ...cp, offset: nextOffset(body.nextExpectedRanges), expiresAt: body.expirationDateTime ?? cp.expiresAt };
  };
  return {
    fragmentSize: ONEDRIVE_FRAGMENT,
    async begin(target, signal) {
      const path = [...target.folderPath.split('/').filter(Boolean), target.name].map(encodeURIComponent).join('/');
      const session = await http
        .json(`${apiUrl}/me/drive/root:/${path}:/createUploadSession`, Session, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          // rename: a name already taken gets " 1" appended by OneDrive; never replace the user's file.
          body: JSON.stringify({ item: { '@microsoft.graph.conflictBehavior': 'rename', fileSize: target.size } }),
          signal,
        })
        .catch(mapped);
      return {
        kind: 'onedrive',
        sessionUrl: session.uploadUrl,
        offset: 0,
        size: target.size,
        expiresAt: session.expirationDateTime,
        name: target.name,
        folderPath: target.folderPath,
      };
    },
    resume: (cp, signal) => status(cp, signal).catch(mapped),
    async send(cp, chunk, signal) {
      if (cp.offset >= cp.size && chunk.size === 0) {
        // resume() found the finished file: fetch it instead of sending nothing.
        const item = await landed(cp, signal);
        if (!item) throw new UploadError('session_expired', 'not_found', 'The uploaded file is gone', 404);
        return { state: 'done', remote: toUploaded(item, cp) };
      }
      const end = cp.offset + chunk.size - 1;
      const res = await http
        .request(
          cp.sessionUrl!,
          { method: 'PUT', headers: { 'Content-Range': `bytes ${cp.offset}-${end}/${cp.size}` }, body: chunk, signal },
          { auth: false, accept: [416] },
        )
        .catch(mapped);
      if (res.status === 416) {
        // The server holds other bytes than we thought (a fragment landed but its answer was lost): ask it.
        await res.body?.cancel();
        const fresh = await status(cp, signal).catch(mapped);
        if (fresh === 'expired') throw new UploadError('session_expired', 'not_found', 'Upload session expired', 404);
        return { state: 'partial', checkpoint: fresh };
      }
      const body: unknown = await res.json();
      if (res.status === 202) {
        const s = Status.parse(body);
        return {
          state: 'partial',
          checkpoint: {
            ...cp,
            offset: nextOffset(s.nextExpectedRanges),
            expiresAt: s.expirationDateTime ?? cp.expiresAt,
          },
        };
      }
      return { state: 'done', remote: toUploaded(DriveItem.parse(body), cp) };
    },
    async cancel(cp) {
      const res = await http.request(cp.sessionUrl!, { method: 'DELETE' }, { auth: false, accept: [404] });
      await res.body?.cancel();
    },
  };
}

function toUploaded(item: z.infer<typeof DriveItem>, cp: UploadCheckpoint): UploadedFile {
  const hashes = item.file?.hashes;
  return {
    providerId: item.id,
    path: [...(cp.folderPath ?? '').split('/').filter(Boolean), item.name].join('/'),
    name: item.name,
    size: item.size,
    hashes: { sha1: hashes?.sha1Hash, quickXorHash: hashes?.quickXorHash, sha256: hashes?.sha256Hash },
  };
}
