import { z } from 'zod';
import { IsoTime, ItemId } from './common';
import { PlainText } from './plain-text';
import { ItemPreview } from './preview';

/** Issue 23, client proofing: the settings a photographer gives a gallery. */
export const MAX_PROOFING_LIMIT = 10_000;
/** Clients who may start a selection on one gallery: enough for a family, too few to fill D1 from one link. */
export const MAX_PROOFING_CLIENTS = 200;
/** The header a client's browser sends its selection token in (kept in its localStorage, never in the URL). */
export const PROOFING_CLIENT_HEADER = 'x-proofing-client';

export const ProofingSettings = z
  .object({
    enabled: z.boolean(),
    /** Favourites per client; null: no limit. */
    limit: z.number().int().min(1).max(MAX_PROOFING_LIMIT).nullable().default(null),
    /** When the selection locks; null: it stays open while the gallery does. */
    deadline: IsoTime.nullable().default(null),
  })
  .strict();
export type ProofingSettings = z.infer<typeof ProofingSettings>;

/** What a gallery's viewer learns of proofing (PublicShare.proofing); null when the photographer did not turn it on. */
export const PublicProofing = z.object({ limit: z.number().int().nullable(), deadline: IsoTime.nullable() });
export type PublicProofing = z.infer<typeof PublicProofing>;

/** A client names themselves once; the name is shown to the photographer only. */
export const StartSelectionBody = z.object({ name: PlainText(1, 60) }).strict();
export const ProofingClientHeader = z.object({
  [PROOFING_CLIENT_HEADER]: z.string().max(100).optional(),
});

/** A client's own selection, as their browser sees it. */
export const Selection = z.object({
  name: z.string(),
  picks: z.array(ItemId),
  limit: z.number().int().nullable(),
  deadline: IsoTime.nullable(),
  /** Past the deadline: the selection can be read, not changed. */
  locked: z.boolean(),
});
export type Selection = z.infer<typeof Selection>;
export const SelectionStarted = z.object({ clientToken: z.string(), selection: Selection });
export type SelectionStarted = z.infer<typeof SelectionStarted>;

/** One favourite as the photographer sees it. `fileName` is null for items published without one. */
export const ProofingPick = z.object({
  itemId: ItemId,
  fileName: z.string().nullable(),
  sourceItemId: z.string(),
  pickedAt: IsoTime,
  preview: ItemPreview,
});
export type ProofingPick = z.infer<typeof ProofingPick>;
export const ProofingClient = z.object({
  id: z.string(),
  name: z.string(),
  startedAt: IsoTime,
  lastChangeAt: IsoTime,
  picks: z.array(ProofingPick),
});
export type ProofingClient = z.infer<typeof ProofingClient>;
export const ProofingReport = z.object({
  settings: z.object({ enabled: z.boolean(), limit: z.number().int().nullable(), deadline: IsoTime.nullable() }),
  locked: z.boolean(),
  clients: z.array(ProofingClient),
});
export type ProofingReport = z.infer<typeof ProofingReport>;

export const ExportFormat = z.enum(['txt', 'csv', 'lightroom']);
export type ExportFormat = z.infer<typeof ExportFormat>;
export const ExportQuery = z.object({
  format: ExportFormat.default('txt'),
  /** One client's picks; absent: every client's, each file once. */
  client: z.string().max(64).optional(),
});
