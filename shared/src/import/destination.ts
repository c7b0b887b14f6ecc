import { z } from 'zod';

export const DEFAULT_PATTERN = 'Pictures/{yyyy}/{yyyy-MM-dd}';

/** Tokens a pattern may hold inside braces: any mix of yyyy, MM, dd, HH, mm and separators, e.g. {yyyy-MM}. */
const TOKEN = /\{([^{}]+)\}/g;
const PARTS = /yyyy|MM|dd|HH|mm/g;

export const FolderPattern = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .refine((p) => !p.startsWith('/') && !p.split('/').some((s) => s === '..' || s === '.'), {
    message: 'A folder pattern is a path inside the destination, without "/" at the start or "." / ".." parts',
  })
  .refine((p) => [...p.matchAll(TOKEN)].every((m) => (m[1] ?? '').replace(PARTS, '').match(/^[-_ .]*$/)), {
    message: 'Inside braces use only yyyy, MM, dd, HH, mm and - _ . or space',
  });

export type DateSource = 'capture' | 'file-date';

export interface Destination {
  /** '/'-separated, no leading or trailing slash. */
  folder: string;
  /** 'file-date' when the file had no capture time, so the plan can say so. */
  dateFrom: DateSource;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * The folder a file goes to. `takenAt` is the index's floating capture time (wall clock read in UTC, see
 * index/capture-date.ts); `fileDateWall` is the file's own date on the same wall-clock scale, used when
 * the file carries no capture time.
 */
export function destinationFolder(pattern: string, takenAt: number | null, fileDateWall: number): Destination {
  const dateFrom: DateSource = takenAt === null ? 'file-date' : 'capture';
  const d = new Date(takenAt ?? fileDateWall);
  const values: Record<string, string> = {
    yyyy: pad(d.getUTCFullYear(), 4),
    MM: pad(d.getUTCMonth() + 1),
    dd: pad(d.getUTCDate()),
    HH: pad(d.getUTCHours()),
    mm: pad(d.getUTCMinutes()),
  };
  const folder = pattern
    .replace(TOKEN, (_, inner: string) => inner.replace(PARTS, (t) => values[t] ?? t))
    .split('/')
    .map((s) => s.trim())
    .filter(Boolean)
    .join('/');
  return { folder, dateFrom };
}
