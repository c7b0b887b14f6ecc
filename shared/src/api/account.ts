import { z } from 'zod';
import { PlainText } from './plain-text';
import { IsoTime, UserId } from './common';

export const Me = z.object({
  user: z.object({ id: UserId, displayName: z.string(), email: z.string().nullable() }),
  /** Send as `X-CSRF-Token` on every cookie-authenticated write. */
  csrfToken: z.string().nullable(),
  via: z.enum(['session', 'token']),
});
export type Me = z.infer<typeof Me>;
export const CSRF_HEADER = 'x-csrf-token';

export const ProviderInfo = z.object({ id: z.string(), name: z.string(), loginUrl: z.string() });
export const ProviderList = z.object({ providers: z.array(ProviderInfo) });

/** The extension exchanges the one-time pairing code for a revocable API token (Bearer). */
export const ExchangeBody = z
  .object({ code: z.string().min(16).max(100), name: PlainText(1, 100).default('Browser extension') })
  .strict();
export const TokenInfo = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: IsoTime,
  lastUsedAt: IsoTime.nullable(),
  /** 90 days after the last use; the extension pairs again after that. */
  expiresAt: IsoTime,
});
export type TokenInfo = z.infer<typeof TokenInfo>;
/**
 * What the portal tells a paired extension about itself: its Google Drive browser API key (wrangler var
 * DRIVE_API_KEY), which guests' browsers send to read Drive files through the Drive API; null when none is set.
 */
export const PortalConfig = z.object({ driveApiKey: z.string().min(1).max(200).nullable() });
export type PortalConfig = z.infer<typeof PortalConfig>;
export const TokenIssued = z.object({
  token: z.string(),
  info: TokenInfo,
  // A portal from before this field answers without it.
  portal: PortalConfig.default({ driveApiKey: null }),
});
export type TokenIssued = z.infer<typeof TokenIssued>;
