import { z } from 'zod';
import { IsoTime } from './common';

/**
 * What the owner's pages show for an item instead of its id: the pictures a guest's grid would load (tried in order)
 * and the words that name it (kind, capture time, place). Statistics, dead-link reports, approvals and contributions
 * carry one per item.
 */
export const ItemPreview = z.object({
  mediaType: z.enum(['image', 'video']),
  capturedAt: IsoTime.nullable(),
  placeLabel: z.string().nullable(),
  durationSec: z.number().nullable(),
  thumbnails: z.array(z.string()),
  /** The Referer policy the thumbnails need (a referrer-restricted Drive key needs `strict-origin`). */
  referrer: z.enum(['no-referrer', 'strict-origin']),
});
export type ItemPreview = z.infer<typeof ItemPreview>;
