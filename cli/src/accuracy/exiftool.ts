import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { z } from 'zod';

const run = promisify(execFile);

/** The exiftool tags we compare against (`-n`: numbers, not prose). */
export const ExiftoolRow = z.looseObject({
  SourceFile: z.string(),
  FileType: z.string().optional(),
  DateTimeOriginal: z.union([z.string(), z.number()]).optional(),
  CreateDate: z.union([z.string(), z.number()]).optional(),
  CreationDate: z.union([z.string(), z.number()]).optional(),
  DateCreated: z.union([z.string(), z.number()]).optional(),
  OffsetTimeOriginal: z.union([z.string(), z.number()]).optional(),
  GPSLatitude: z.union([z.number(), z.string()]).optional(),
  GPSLongitude: z.union([z.number(), z.string()]).optional(),
  GPSAltitude: z.union([z.number(), z.string()]).optional(),
  Make: z.union([z.string(), z.number()]).optional(),
  Model: z.union([z.string(), z.number()]).optional(),
  Orientation: z.union([z.number(), z.string()]).optional(),
  ImageWidth: z.union([z.number(), z.string()]).optional(),
  ImageHeight: z.union([z.number(), z.string()]).optional(),
  Duration: z.union([z.number(), z.string()]).optional(),
});
export type ExiftoolRow = z.infer<typeof ExiftoolRow>;

const TAGS = [
  'FileType',
  'DateTimeOriginal',
  'CreateDate',
  'CreationDate',
  'XMP-photoshop:DateCreated',
  'OffsetTimeOriginal',
  'Composite:GPSLatitude',
  'Composite:GPSLongitude',
  'Composite:GPSAltitude',
  'Make',
  'Model',
  'Orientation',
  'ImageWidth',
  'ImageHeight',
  'Duration',
];

/**
 * One exiftool process for a whole folder (recursive): starting Perl per file would dominate the run.
 * QuickTime dates are read as UTC (the spec) and printed in UTC (TZ=UTC), so they compare with takenAtUtc.
 */
export async function exiftoolFolder(folder: string, files?: string[]): Promise<Map<string, ExiftoolRow>> {
  const args = [
    '-json',
    '-n',
    '-q',
    '-q',
    '-api',
    'QuickTimeUTC',
    '-api',
    'LargeFileSupport=1',
    ...TAGS.map((t) => `-${t}`),
  ];
  const targets = files ?? ['-r', '.'];
  const { stdout } = await run('exiftool', [...args, ...targets], {
    cwd: folder,
    env: { ...process.env, TZ: 'UTC' },
    maxBuffer: 256 * 1024 * 1024,
  }).catch((e: { stdout?: string }) => ({ stdout: e.stdout ?? '[]' })); // exit 1 when some file has no tags
  const rows = z.array(ExiftoolRow).parse(JSON.parse(stdout || '[]'));
  return new Map(rows.map((r) => [r.SourceFile.replace(/^\.\//, ''), r]));
}
