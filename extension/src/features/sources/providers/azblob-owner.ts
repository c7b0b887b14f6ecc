import { type AccessPolicy, containerAclXml, parseContainerAcl } from '@hypomos/shared/providers/azure-access-policy';
import {
  corsAllowsPortal,
  corsPropertiesXml,
  parseCorsRules,
  withPortalRule,
} from '@hypomos/shared/providers/azure-cors';
import type { HmacSha256 } from '@hypomos/shared/providers/azure-sas';
import { sharedKeyHeaders } from '@hypomos/shared/providers/azure-shared-key';
import { ProviderError } from '@hypomos/shared/providers/provider';
import type { Http } from './http';

/**
 * What only the storage account's owner can do on a Blob account: read and set the Blob-service CORS rules
 * (Get/Set Blob Service Properties) and the container's stored access policies (Get/Set Container ACL). Both take
 * Shared Key authorization; reading the CORS rules also works with an account SAS that may read the service.
 */
export interface BlobOwnerDeps {
  http: Http;
  /** https://acct.blob.core.windows.net, or http://host:port/account for an emulator. */
  serviceRoot: string;
  /** serviceRoot + /container */
  containerBase: string;
  account: string;
  accountKey: string | null;
  /** The user's SAS (without '?'), when they gave one. */
  sas: string | null;
  hmac: HmacSha256;
  now: () => number;
}

/**
 * Whether a page on the portal can fetch() blobs, and how that is known:
 * `set` (Hypomos added the rule with the key), `present` (the account allows it already), `missing` (it does not,
 * and Hypomos cannot add it), `full` (five rules are taken), `unknown` (a container SAS cannot read the rules),
 * `tested` (it cannot, but the owner's Test from the portal's origin passed).
 */
export interface BlobCorsStatus {
  state: 'set' | 'present' | 'missing' | 'full' | 'unknown' | 'tested';
  allows: boolean;
  /** In words, for the owner; null when it works. */
  why: string | null;
}

/**
 * Every call skips the browser's HTTP cache (`no-store`): Get Container ACL answers with ETag and Last-Modified, so
 * Chromium would keep it and later revalidate with If-None-Match / If-Modified-Since, headers that are part of the
 * Shared Key string to sign but were not signed, and the service answers 403 AuthorizationFailure; a kept answer
 * would also hide policies another device wrote, and the next Set Container ACL would drop them.
 */
export function createBlobOwner(d: BlobOwnerDeps) {
  const signed = async (method: 'GET' | 'PUT', url: string, body?: string, msHeaders?: Record<string, string>) => {
    const headers = await sharedKeyHeaders(
      {
        method,
        url,
        account: d.account,
        date: new Date(d.now()),
        ...(body ? { body, contentType: 'application/xml' } : {}),
        ...(msHeaders ? { msHeaders } : {}),
      },
      d.accountKey as string,
      d.hmac,
    );
    return d.http.request(url, { method, headers, cache: 'no-store', ...(body ? { body } : {}) }, { auth: false });
  };
  const propertiesUrl = `${d.serviceRoot}/?restype=service&comp=properties`;
  const aclUrl = `${d.containerBase}?restype=container&comp=acl`;

  async function readCorsRules() {
    const res = d.accountKey
      ? await signed('GET', propertiesUrl)
      : await d.http.request(`${propertiesUrl}&${d.sas ?? ''}`, { cache: 'no-store' }, { auth: false });
    return parseCorsRules(await res.text());
  }

  return {
    /** Checks the portal's CORS rule, and adds it when the key allows and a slot is free. */
    async portalCors(portalOrigin: string): Promise<BlobCorsStatus> {
      let rules: ReturnType<typeof parseCorsRules>;
      try {
        rules = await readCorsRules();
      } catch (e) {
        if (!d.accountKey && e instanceof ProviderError && (e.kind === 'forbidden' || e.kind === 'unauthorized'))
          return {
            state: 'unknown',
            allows: false,
            why: 'A container SAS cannot read the account’s CORS rules; use "Test" after adding the rule',
          };
        throw e;
      }
      const verdict = corsAllowsPortal(rules, portalOrigin);
      if (verdict.ok) return { state: 'present', allows: true, why: null };
      if (!d.accountKey) return { state: 'missing', allows: false, why: verdict.why };
      const next = withPortalRule(rules, portalOrigin);
      if (!next)
        return {
          state: 'full',
          allows: false,
          why: `${verdict.why}, and the Blob service already has five CORS rules (the most Azure allows): replace one with the rule below`,
        };
      await signed('PUT', propertiesUrl, corsPropertiesXml(next));
      return { state: 'set', allows: true, why: null };
    },

    /** The container's stored access policies and its public-access level (Set Container ACL must send it back). */
    async readAcl(): Promise<{ policies: AccessPolicy[]; publicAccess: string | null }> {
      const res = await signed('GET', aclUrl);
      return {
        policies: parseContainerAcl(await res.text()),
        publicAccess: res.headers.get('x-ms-blob-public-access'),
      };
    },

    /** Without x-ms-blob-public-access, Set Container ACL would also make a public container private. */
    async writeAcl(policies: readonly AccessPolicy[], publicAccess: string | null): Promise<void> {
      const res = await signed(
        'PUT',
        aclUrl,
        containerAclXml(policies),
        publicAccess ? { 'x-ms-blob-public-access': publicAccess } : undefined,
      );
      await res.body?.cancel();
    },
  };
}
export type BlobOwner = ReturnType<typeof createBlobOwner>;
