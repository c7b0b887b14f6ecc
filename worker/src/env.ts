export interface Env {
  DB: D1Database;
  ASSETS: Fetcher;
  PUBLIC_ORIGIN: string;
  MEDIA_HOSTS: string;
  DEV_MEDIA_HOSTS?: string;
  OIDC_PROVIDERS: string;
}

export type AppEnv = { Bindings: Env };
