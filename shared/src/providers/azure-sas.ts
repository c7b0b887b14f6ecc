/**
 * Azure Storage shared access signatures (SAS), version 2020-12-06 and later, as the REST docs
 * ("Create a service SAS", "Create an account SAS") define the string to sign. Pure: the HMAC-SHA256
 * is passed in (WebCrypto in the extension, node:crypto in dev-services), so the same rules run in both.
 */
export const SAS_VERSION = '2025-05-05';

/** HMAC-SHA256 of `message` (UTF-8) under the base64-encoded account key, returned base64-encoded. */
export type HmacSha256 = (accountKeyBase64: string, message: string) => Promise<string>;

export interface ServiceSasInput {
  account: string;
  container: string;
  /** Blob name for a blob SAS (sr=b); omit for a container SAS (sr=c). */
  blob?: string;
  /** Letters in the documented order, e.g. 'r', 'rl', 'racwdl'; empty when a stored access policy gives them. */
  permissions: string;
  /** Null when a stored access policy gives the expiry (a field may be in the SAS or the policy, not both). */
  expiresAt: Date | null;
  startsAt?: Date;
  /** A container stored access policy (`si`): revoking the policy revokes this SAS. */
  identifier?: string;
}

/** ISO 8601 without milliseconds, as SAS times are written. */
export const sasTime = (d: Date) => `${d.toISOString().slice(0, 19)}Z`;

export function serviceSasStringToSign(i: ServiceSasInput): string {
  const resource = `/blob/${i.account}/${i.container}${i.blob ? `/${i.blob}` : ''}`;
  return [
    i.permissions,
    i.startsAt ? sasTime(i.startsAt) : '',
    i.expiresAt ? sasTime(i.expiresAt) : '',
    resource,
    i.identifier ?? '',
    '', // signedIP
    '', // signedProtocol (empty = https,http)
    SAS_VERSION,
    i.blob ? 'b' : 'c',
    '', // signedSnapshotTime
    '', // signedEncryptionScope
    '',
    '',
    '',
    '',
    '', // rscc, rscd, rsce, rscl, rsct
  ].join('\n');
}

/** The SAS query string (without '?') for a container or blob. */
export async function serviceSas(i: ServiceSasInput, accountKey: string, hmac: HmacSha256): Promise<string> {
  const params = new URLSearchParams({ sv: SAS_VERSION });
  if (i.startsAt) params.set('st', sasTime(i.startsAt));
  if (i.expiresAt) params.set('se', sasTime(i.expiresAt));
  params.set('sr', i.blob ? 'b' : 'c');
  if (i.permissions) params.set('sp', i.permissions);
  if (i.identifier) params.set('si', i.identifier);
  params.set('sig', await hmac(accountKey, serviceSasStringToSign(i)));
  return params.toString();
}

export interface AccountSasInput {
  account: string;
  /** e.g. 'rwdlacup' */
  permissions: string;
  /** Services, e.g. 'b' for Blob. */
  services: string;
  /** Resource types: s(ervice), c(ontainer), o(bject). */
  resourceTypes: string;
  expiresAt: Date;
}

export function accountSasStringToSign(i: AccountSasInput): string {
  return [
    i.account,
    i.permissions,
    i.services,
    i.resourceTypes,
    '',
    sasTime(i.expiresAt),
    '',
    '',
    SAS_VERSION,
    '',
    '',
  ].join('\n');
}

export async function accountSas(i: AccountSasInput, accountKey: string, hmac: HmacSha256): Promise<string> {
  const params = new URLSearchParams({
    sv: SAS_VERSION,
    ss: i.services,
    srt: i.resourceTypes,
    sp: i.permissions,
    se: sasTime(i.expiresAt),
  });
  params.set('sig', await hmac(accountKey, accountSasStringToSign(i)));
  return params.toString();
}

/** Reads the expiry (`se`) of a SAS query string, or null when it has none. */
export function sasExpiry(sas: string): number | null {
  const se = new URLSearchParams(sas.replace(/^\?/, '')).get('se');
  const t = se ? Date.parse(se) : Number.NaN;
  return Number.isFinite(t) ? t : null;
}
