import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type HashedItem, NEAR_DUPLICATE_MAX_DISTANCE } from '@hypomos/shared/vision/dedupe';
import { duplicateGroups } from '@hypomos/shared/vision/dedupe-index';
import { toGray } from '@hypomos/shared/vision/image';
import { pHashVariants } from '@hypomos/shared/vision/phash';
import { centreHash, rotationHashes } from '@hypomos/shared/vision/rotation-hash';
import { type Command, folderWithOption } from '../command';
import { decodeImage, listImages } from './vision-node';

/**
 * `hypomos dupes <folder> [--json] [--max-distance 10]`: exact duplicates by SHA-256 of the bytes, near-duplicates by
 * perceptual hash (flips, quarter turns and small-angle rotations included). One line per group; files that cannot be
 * decoded still take part in exact matching and are listed on stderr. Near pairs come from a Hamming index
 * (dedupe-index.ts), not from comparing all pairs.
 */
async function runDupes(args: string[]): Promise<number> {
  if (args.includes('--help')) {
    console.log(`usage: ${command.usage}`);
    return 0;
  }
  const parsed = folderWithOption(args, '--max-distance');
  if ('error' in parsed) {
    console.error(`usage: ${command.usage}`);
    return 2;
  }
  const { folder } = parsed;
  const maxDistance = parsed.value ?? NEAR_DUPLICATE_MAX_DISTANCE;
  if (!(Number.isInteger(maxDistance) && maxDistance >= 0 && maxDistance <= 64)) {
    console.error('hypomos dupes: --max-distance must be an integer from 0 to 64');
    return 2;
  }
  const items: HashedItem[] = [];
  for (const path of await listImages(folder)) {
    const bytes = await readFile(join(folder, path));
    const item: HashedItem = { key: path, sha256: createHash('sha256').update(bytes).digest('hex'), phash: null };
    try {
      const gray = toGray(decodeImage(bytes));
      const variants = pHashVariants(gray);
      Object.assign(item, {
        phash: variants[0],
        phashVariants: variants,
        centreHash: centreHash(gray),
        rotationHashes: rotationHashes(gray),
      });
    } catch (err) {
      console.error(`hypomos dupes: ${path}: ${err instanceof Error ? err.message : String(err)} (exact match only)`);
    }
    items.push(item);
  }
  for (const group of duplicateGroups(items, maxDistance)) {
    if (args.includes('--json')) console.log(JSON.stringify({ kind: group.kind, paths: group.keys }));
    else console.log(`${group.kind}\t${group.keys.join('\t')}`);
  }
  return 0;
}

export const command: Command = {
  summary: 'find exact and near-duplicate images (one group per line)',
  usage: 'hypomos dupes <folder> [--json] [--max-distance <bits 0–64>]',
  run: runDupes,
};
