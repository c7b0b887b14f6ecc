import { ProviderError } from '@hypomos/shared/providers/provider';
import { z } from 'zod';
import { type Http, parseRetryAfter } from '../../sources';
import { type ResumableUploader, UploadError, type UploadCheckpoint, type UploadedFile } from './types';

/**
 * Google Drive uploads through resumable sessions (https://developers.google.com/drive/api/guides/manage-uploads#resumable).
 * The session URI is on the API's host and carries its own credential; the bearer token goes along as for any
 * API call there. Drive has no paths: the target folder is found, or created, one name at a time.
 */
const KIB_256 = 256 * 1024;
/** 12 × 256 KiB: a multiple of 256 KiB as the guide asks; one lost chunk costs 3 MiB at most. */
export const GDRIVE_CHUNK = 12 * KIB_256;
const FOLDER_MIME = 'application/vnd.google-apps.folder';
const FILE_FIELDS = 'id,name,size,md5Checksum,sha256Checksum';

const DriveFile = z.object({
  id: z.string(),
  name: z.string(),
  size: z.string().optional(),
  md5Checksum: z.string().optional(),
  sha256Checksum: z.string().optional(),
});
const FolderList = z.object({ files: z.array(z.object({ id: z.string() })) });
const DriveErrorBody = z.object({
  error: z.object({ message: z.string(), errors: z.array(z.object({ reason: z.string() })).optional() }),
});

export function createGoogleDriveUploader(opts: { http: Http; apiUrl: string; now?: () => number }): ResumableUploader {
  const { http } = opts;
  const now = opts.now ?? Date.now;
  const api = `${opts.apiUrl}/drive/v3`;
  /** Folder ids by path; promises, so parallel uploads into a new folder create it once (Drive allows twins). */
  const folders = new Map<string, Promise<string>>([['', Promise.resolve('root')]]);

  const folderId = (path: string): Promise<string> => {
    const known = folders.get(path);
    if (known) return known;
    const cut = path.lastIndexOf('/');
    const [parentPath, name] = [path.slice(0, Math.max(cut, 0)), path.slice(cut + 1)];
    const found = folderId(parentPath).then((parent) => findOrCreateFolder(parent, name));
    folders.set(path, found);
    found.catch(() => folders.delete(path));
    return found;
  };
  const findOrCreateFolder = async (parent: string, name: string) => {
    const quoted = `'${name.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
    const q = `'${parent}' in parents and name = ${quoted} and mimeType = '${FOLDER_MIME}' and trashed = false`;
    const list = await http.json(`${api}/files?${new URLSearchParams({ q, fields: 'files(id)' })}`, FolderList);
    if (list.files[0]) return list.files[0].id;
    const created = await http.json(`${api}/files?fields=id`, z.object({ id: z.string() }), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name, mimeType: FOLDER_MIME, parents: [parent] }),
    });
    return created.id;
  };

  /** Drive's refusals of a chunk, read from the body (the reason tells a full drive from a throttled one). */
  const refusal = async (res: Response): Promise<Error> => {
    const text = await res.text();
    const parsed = DriveErrorBody.safeParse(parseJson(text));
    const message = parsed.success ? parsed.data.error.message : text.slice(0, 200);
    const reason = parsed.success ? parsed.data.error.errors?.[0]?.reason : undefined;
    if (res.status === 404) return new UploadError('session_expired', 'not_found', message, 404);
    if (reason === 'storageQuotaExceeded') return new UploadError('quota_full', 'forbidden', message, 403);
    // Drive throttles with 403 (user)rateLimitExceeded as well as 429; the queue waits Retry-After when sent.
    if (reason && /rateLimitExceeded$/i.test(reason))
      return new ProviderError('throttled', message, parseRetryAfter(res.headers.get('retry-after'), now()), 403);
    return new ProviderError(res.status === 403 ? 'forbidden' : 'bad_response', message, null, res.status);
  };
  /** `Range: bytes=0-N` → N + 1; no Range header: nothing received (guide, "Resume an interrupted upload"). */
  const received = (res: Response) => {
    const m = /^bytes=0-(\d+)$/.exec(res.headers.get('range') ?? '');
    return m ? Number(m[1]) + 1 : 0;
  };
  const done = async (res: Response, cp: UploadCheckpoint): Promise<UploadedFile> => {
    const file = DriveFile.parse(await res.json());
    return {
      providerId: file.id,
      path: [...(cp.folderPath ?? '').split('/').filter(Boolean), file.name].join('/'),
      name: file.name,
      size: Number(file.size ?? Number.NaN),
      hashes: { md5: file.md5Checksum, sha256: file.sha256Checksum },
    };
  };
  /** The empty PUT with `Content-Range: bytes *\/TOTAL` that asks how far the session got. */
  const status = (cp: UploadCheckpoint, signal?: AbortSignal) =>
    http.request(
      cp.sessionUrl as string,
      { method: 'PUT', headers: { 'Content-Range': `bytes */${cp.size}` }, signal },
      { accept: [308, 404] },
    );

  const resume = async (cp: UploadCheckpoint, signal?: AbortSignal): Promise<UploadCheckpoint | 'expired'> => {
    const res = await status(cp, signal);
    await res.body?.cancel();
    if (res.status === 404) return 'expired';
    // 200/201: the last chunk landed but its answer was lost; send() of the empty rest fetches the file.
    return { ...cp, offset: res.status === 308 ? received(res) : cp.size };
  };

  return {
    fragmentSize: GDRIVE_CHUNK,
    async begin(target, signal) {
      const folderPath = target.folderPath.split('/').filter(Boolean).join('/');
      const parent = await folderId(folderPath);
      const res = await http.request(
        `${opts.apiUrl}/upload/drive/v3/files?uploadType=resumable&fields=${FILE_FIELDS}`,
        {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json; charset=UTF-8',
            'X-Upload-Content-Type': target.mimeType,
            'X-Upload-Content-Length': String(target.size),
          },
          // A taken name is no conflict on Drive: files.create always makes a new file, never overwrites.
          body: JSON.stringify({ name: target.name, parents: [parent] }),
          signal,
        },
        { accept: [403] },
      );
      if (res.status === 403) throw await refusal(res);
      await res.body?.cancel();
      const location = res.headers.get('location');
      if (!location) throw new ProviderError('bad_response', 'Drive gave no resumable session URI (Location)');
      return { kind: 'gdrive', sessionUrl: location, offset: 0, size: target.size, name: target.name, folderPath };
    },
    resume,
    async send(cp, chunk, signal) {
      const res =
        cp.offset >= cp.size && chunk.size === 0
          ? await status(cp, signal)
          : await http.request(
              cp.sessionUrl as string,
              {
                method: 'PUT',
                headers: { 'Content-Range': `bytes ${cp.offset}-${cp.offset + chunk.size - 1}/${cp.size}` },
                body: chunk,
                signal,
              },
              { accept: [308, 400, 403, 404] },
            );
      if (res.status === 308) return { state: 'partial', checkpoint: { ...cp, offset: received(res) } };
      if (res.status === 200 || res.status === 201) return { state: 'done', remote: await done(res, cp) };
      if (res.status === 400 && cp.offset > 0) {
        // The session holds other bytes than we thought (a chunk landed but its answer was lost): ask it once.
        await res.body?.cancel();
        const fresh = await resume(cp, signal);
        if (fresh === 'expired') throw new UploadError('session_expired', 'not_found', 'Upload session expired', 404);
        if (fresh.offset !== cp.offset) return { state: 'partial', checkpoint: fresh };
        throw new ProviderError('bad_response', `Drive refused the chunk at ${cp.offset}`, null, 400);
      }
      throw await refusal(res);
    },
    async cancel(cp) {
      // Drive answers 499 to a cancelled session (see dev-services/src/drive/upload.ts); 404 if it was gone already.
      const res = await http.request(cp.sessionUrl as string, { method: 'DELETE' }, { accept: [499, 404] });
      await res.body?.cancel();
    },
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
