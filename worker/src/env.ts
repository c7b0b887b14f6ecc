import type { Deps, ViewerLimiter } from './deps';
import type { Actor } from './services/access';
import type { Repos } from './repositories';
import type { D1Meter } from './repositories/metered-d1';
import type { PublicReadRepo } from './repositories/public-reads';

export interface Env {
  DB: D1Database;
  ASSETS: Fetcher;
  /** e.g. https://share.example.org; plain http only on loopback in dev (cookies then drop __Host-/Secure). */
  PUBLIC_ORIGIN: string;
  /** Space-separated CSP sources the viewer may load media from. */
  MEDIA_HOSTS: string;
  /** Extra media sources used only when PUBLIC_ORIGIN is plain http (local contract servers, azurite). */
  DEV_MEDIA_HOSTS?: string;
  /**
   * Google Drive browser API key of the portal's Cloud project, handed to paired extensions: guests read Drive
   * originals through the Drive API with it (the download host refuses cross-site). Restrict it to the Drive API and
   * to PUBLIC_ORIGIN as HTTP referrer; quotas and charges are the project's.
   */
  DRIVE_API_KEY?: string;
  /** JSON array of { id, name, issuer, clientId, secretName }; the secret itself is a wrangler secret named secretName. */
  OIDC_PROVIDERS: string;
  /**
   * Space-separated ids of the extensions that may pair (Chrome's 32-letter ids, Firefox's 40-hex redirect ids).
   * Empty: any extension, but only while PUBLIC_ORIGIN is plain http (dev); an https portal then pairs with none.
   */
  EXTENSION_IDS?: string;
  /** Optional overrides, "limit/windowSeconds", e.g. "60/60". */
  RATE_LIMIT_TOKEN?: string;
  RATE_LIMIT_SIGNIN?: string;
  RATE_LIMIT_FEEDBACK?: string;
  /** Workers Rate Limiting binding for anonymous viewer floods (wrangler.toml [[ratelimits]]). */
  VIEWER_LIMITER?: ViewerLimiter;
  /** "on": answers carry Server-Timing with the request's D1 round trips and rows (bench, diagnostics). */
  D1_METRICS?: string;
  [secret: string]: unknown;
}

export type AppEnv = {
  Bindings: Env;
  Variables: {
    deps: Deps;
    repos: Repos;
    actor: Actor | null;
    /** This request's D1 round trips and rows. */
    meter: D1Meter;
    /** Public routes only: the viewer's reads, in a read-replica session (services/public-read.ts). */
    reads: PublicReadRepo;
  };
};
