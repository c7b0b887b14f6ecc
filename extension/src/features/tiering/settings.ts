import { DEFAULT_PRICES, StoragePrices } from '@hypomos/shared/tiering/prices';
import { noPins, Pins, TieringRules } from '@hypomos/shared/tiering/rules';
import { z } from 'zod';
import type { HypomosDb } from '../../db';

/** The library's tiering settings, kept in `kv` (versioned: a later shape adds a migration here). */
export const TieringSettings = z.object({
  version: z.literal(1),
  rules: TieringRules.nullable(),
  pins: Pins,
  prices: StoragePrices,
});
export type TieringSettings = z.infer<typeof TieringSettings>;

const KEY = 'tiering.settings';

export const defaultSettings = (): TieringSettings => ({
  version: 1,
  rules: null,
  pins: noPins(),
  prices: DEFAULT_PRICES,
});

export async function readTieringSettings(db: HypomosDb): Promise<TieringSettings> {
  const parsed = TieringSettings.safeParse((await db.kv.get(KEY))?.value);
  return parsed.success ? parsed.data : defaultSettings();
}

export async function saveTieringSettings(db: HypomosDb, settings: TieringSettings): Promise<void> {
  await db.kv.put({ key: KEY, value: TieringSettings.parse(settings) });
}
