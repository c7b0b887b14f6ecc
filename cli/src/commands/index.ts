import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from '../command';
import { type IndexRecord, RECORD_FIELDS, indexFolder, toNdjsonLine } from '../index-folder';

const usage = `usage: hypomos index <folder> [--json] [--timeout <seconds>]

Indexes the photos and videos under <folder> with the same metadata pipeline as the browser extension:
it reads only the metadata parts of each file (no full download), hashes it (SHA-256), works out capture
time, time zone (from GPS, or from other photos of the same camera) and place (offline reverse geocoding).
Other files are skipped; unreadable media files are listed with an error.

options:
  --json             print NDJSON, one object per media file, with the fields:
                     ${RECORD_FIELDS.join(', ')}
                     (null when unknown; takenAtLocal has no offset, takenAtUtc ends in Z;
                     takenAtUtc stays null when neither an offset, GPS, nor another photo of the
                     same camera tells the time zone: the camera clock is not assumed to be UTC)
  --timeout <s>      per-file limit for reading metadata (default 15)
  -h, --help         show this help`;

function parseArgs(args: string[]): { folder: string | null; json: boolean; timeoutMs: number; help: boolean } {
  const out = { folder: null as string | null, json: false, timeoutMs: 15_000, help: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '--json') out.json = true;
    else if (a === '-h' || a === '--help') out.help = true;
    else if (a === '--timeout') {
      const s = Number(args[++i]);
      if (!(s > 0)) throw new Error('--timeout needs a positive number of seconds');
      out.timeoutMs = s * 1000;
    } else if (a.startsWith('-')) throw new Error(`unknown option ${a}`);
    else if (out.folder === null) out.folder = a;
    else throw new Error(`unexpected argument ${a}`);
  }
  return out;
}

const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s.padEnd(n));

function table(records: IndexRecord[]): string {
  const rows = records.map((r) => {
    const camera = [r.make, r.model].filter(Boolean).join(' ');
    const size = r.width && r.height ? `${r.width}×${r.height}` : '';
    const where = r.place ? [r.place.city, r.place.country].filter(Boolean).join(', ') : '';
    const info = r.error
      ? `ERROR ${r.error}`
      : `${cut(r.takenAtLocal ?? '', 23)} ${cut(r.timeZone ?? '', 20)} ${cut(camera, 24)} ${cut(size, 11)} ${where}`;
    // A file name may hold newlines or escapes; show such names quoted so one file stays one line.
    const path = [...r.path].some((ch) => ch.charCodeAt(0) < 32 || ch.charCodeAt(0) === 127)
      ? JSON.stringify(r.path)
      : r.path;
    return `${cut(path, 40)} ${cut(r.mediaType ?? '', 5)} ${info}`;
  });
  return [
    `${cut('path', 40)} ${cut('type', 5)} ${cut('taken (local)', 23)} ${cut('zone', 20)} ${cut('camera', 24)} ${cut('pixels', 11)} place`,
    ...rows,
  ].join('\n');
}

export const command: Command = {
  summary: 'index the photos and videos in a local folder (metadata, time, place, hash)',
  usage,
  async run(args) {
    let opts: ReturnType<typeof parseArgs>;
    try {
      opts = parseArgs(args);
    } catch (e) {
      console.error(`hypomos index: ${(e as Error).message}\n\n${usage}`);
      return 2;
    }
    if (opts.help) {
      console.log(usage);
      return 0;
    }
    if (!opts.folder) {
      console.error(`hypomos index: missing <folder>\n\n${usage}`);
      return 2;
    }
    const root = resolve(opts.folder);
    if (!(await stat(root).catch(() => null))?.isDirectory()) {
      console.error(`hypomos index: not a folder: ${opts.folder}`);
      return 2;
    }
    const started = performance.now();
    const run = await indexFolder(root, { timeoutMs: opts.timeoutMs });
    if (opts.json) {
      for (const r of run.records) process.stdout.write(`${toNdjsonLine(r)}\n`);
      return 0;
    }
    const seconds = (performance.now() - started) / 1000;
    const count = (f: (r: IndexRecord) => boolean) => run.records.filter(f).length;
    console.log(table(run.records));
    console.log(
      `\n${run.records.length} media files (${count((r) => r.mediaType === 'image')} images, ${count((r) => r.mediaType === 'video')} videos), ` +
        `${count((r) => r.error !== null)} errors, ${count((r) => r.lat !== null)} with GPS, ${run.skipped} other files skipped; ` +
        `${(run.bytesRead / 1024).toFixed(0)} KiB of metadata read in ${seconds.toFixed(1)} s`,
    );
    return 0;
  },
};
