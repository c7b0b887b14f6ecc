import { z } from 'zod';

/** The two cloud web apps the content scripts run in, named by the source kind they belong to. */
export const HostKind = z.enum(['gdrive', 'onedrive']);
export type HostKind = z.infer<typeof HostKind>;

/**
 * Where the user is in the host's web app, read from the URL alone (so it still works when the
 * host's markup changes and the selectors stop matching).
 * `folderId` is the provider's folder id (Drive folder id, Graph item id); `folderPath` is a path
 * inside the drive ('' = root) when the URL carries one instead of an id.
 */
export const HostLocation = z.object({
  host: HostKind,
  folderId: z.string().nullable(),
  folderPath: z.string().nullable(),
  /** A single file opened in the viewer (Drive `/file/d/<id>`, OneDrive `?id=<file>` with a preview). */
  fileId: z.string().nullable(),
  /** OneDrive's drive owner (`cid`), or the SharePoint personal site name; null for Drive. */
  account: z.string().nullable(),
  /** What the popup shows the user. */
  label: z.string(),
});
export type HostLocation = z.infer<typeof HostLocation>;

const DRIVE_HOSTS = new Set(['drive.google.com']);
const ONEDRIVE_HOSTS = new Set(['onedrive.live.com']);

export function hostOf(url: URL): HostKind | null {
  if (url.protocol !== 'https:') return null;
  if (DRIVE_HOSTS.has(url.hostname)) return 'gdrive';
  if (ONEDRIVE_HOSTS.has(url.hostname)) return 'onedrive';
  if (url.hostname.endsWith('.sharepoint.com') && url.pathname.startsWith('/personal/')) return 'onedrive';
  return null;
}

/** Parses any page URL of the two hosts; null for other sites and for pages that are not file views. */
export function parseHostLocation(href: string): HostLocation | null {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return null;
  }
  const host = hostOf(url);
  if (host === 'gdrive') return parseDrive(url);
  if (host === 'onedrive') return parseOneDrive(url);
  return null;
}

// Checked against: /drive/my-drive, /drive/u/1/my-drive, /drive/folders/<id>, /drive/u/0/folders/<id>?resourcekey=…,
// /file/d/<id>/view, /drive/recent, /drive/shared-with-me, /drive/search?q=…
function parseDrive(url: URL): HostLocation | null {
  const path = url.pathname.replace(/^\/drive\/u\/\d+/, '/drive');
  const folder = /^\/drive\/(?:mobile\/)?folders\/([\w-]{10,})/.exec(path);
  if (folder?.[1]) return drive({ folderId: folder[1], label: 'Google Drive folder' });
  if (path === '/drive/my-drive' || path === '/drive/' || path === '/drive') {
    return drive({ folderId: 'root', label: 'My Drive' });
  }
  const file = /^\/file\/(?:u\/\d+\/)?d\/([\w-]{10,})/.exec(url.pathname);
  if (file?.[1]) return drive({ fileId: file[1], label: 'Google Drive file' });
  const other: Record<string, string> = {
    '/drive/recent': 'Recent',
    '/drive/shared-with-me': 'Shared with me',
    '/drive/starred': 'Starred',
    '/drive/search': 'Search results',
    '/drive/home': 'Home',
  };
  const label = other[path];
  return label ? drive({ label }) : null;
}

function drive(p: Partial<HostLocation> & { label: string }): HostLocation {
  return { host: 'gdrive', folderId: null, folderPath: null, fileId: null, account: null, ...p };
}

// Checked against the consumer forms `/?id=ABC123%21105&cid=abc123`, `/?id=root&cid=…`, `/?path=/Pictures`,
// the 2024 form `/?id=%2Fpersonal%2Fabc123%2FDocuments%2FPictures&view=0`, the viewer form `…&o=OneUp`
// and SharePoint personal sites `/personal/<site>/_layouts/15/onedrive.aspx?id=%2Fpersonal%2F<site>%2FDocuments%2FPhotos`.
function parseOneDrive(url: URL): HostLocation | null {
  const q = url.searchParams;
  const site = /^\/personal\/([^/]+)/.exec(url.pathname)?.[1] ?? null;
  const cid = q.get('cid') ?? q.get('CID');
  const account = cid?.toLowerCase() ?? site;
  const base = { host: 'onedrive' as const, folderId: null, folderPath: null, fileId: null, account };
  const viewer = q.get('o') === 'OneUp' || q.has('preview');
  const id = q.get('id');
  const path = q.get('path');
  if (id) {
    const inDocuments = /^\/personal\/[^/]+\/Documents(?:\/(.*))?$/i.exec(id);
    if (inDocuments) {
      const full = trimSlashes(inDocuments[1] ?? '');
      if (viewer) {
        const parent = q.get('parent');
        const parentPath = parent ? /^\/personal\/[^/]+\/Documents(?:\/(.*))?$/i.exec(parent)?.[1] : null;
        return {
          ...base,
          fileId: null,
          folderPath: trimSlashes(parentPath ?? dirname(full)),
          label: `OneDrive file ${basename(full)}`,
        };
      }
      return { ...base, folderPath: full, label: full ? `OneDrive /${full}` : 'OneDrive (root)' };
    }
    if (id.toLowerCase() === 'root') return { ...base, folderId: 'root', label: 'OneDrive (root)' };
    if (viewer) return { ...base, fileId: id, folderId: q.get('parId') ?? null, label: 'OneDrive file' };
    return { ...base, folderId: id, label: 'OneDrive folder' };
  }
  if (path !== null) {
    const p = trimSlashes(path);
    return { ...base, folderPath: p, label: p ? `OneDrive /${p}` : 'OneDrive (root)' };
  }
  if (site && !url.pathname.includes('/_layouts/')) return null;
  // Landing page (`/`, `/?v=photos`, onedrive.aspx without id): the drive's root.
  return { ...base, folderId: 'root', label: 'OneDrive (root)' };
}

const trimSlashes = (s: string) => s.replace(/^\/+|\/+$/g, '');
const dirname = (p: string) => p.split('/').slice(0, -1).join('/');
const basename = (p: string) => p.split('/').at(-1) ?? p;
