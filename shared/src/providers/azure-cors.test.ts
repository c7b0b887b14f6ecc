import { describe, expect, it } from 'vitest';
import {
  type CorsRule,
  corsAllowsPortal,
  corsPropertiesXml,
  corsRuleForPeople,
  parseCorsRules,
  portalCorsRule,
  withPortalRule,
} from './azure-cors';

const portal = 'https://portal.example';
const rule = (r: Partial<CorsRule>): CorsRule => ({ ...portalCorsRule(portal), ...r });

describe('Blob-service CORS rules', () => {
  it('asks for GET/HEAD from the portal origin, any request header, the headers the viewer reads, a day of caching', () => {
    expect(corsRuleForPeople(portalCorsRule('https://portal.example/s/abc'))).toEqual([
      { field: 'Allowed origins', value: 'https://portal.example' },
      { field: 'Allowed methods', value: 'GET,HEAD' },
      { field: 'Allowed headers', value: '*' },
      {
        field: 'Exposed headers',
        value: 'Content-Length,Content-Range,Content-Type,Accept-Ranges,ETag,Last-Modified,x-ms-*',
      },
      { field: 'Max age', value: '86400' },
    ]);
  });

  it('round-trips rules through the service-properties XML, and reads an account without rules as none', () => {
    const rules = [portalCorsRule(portal), rule({ allowedOrigins: ['https://a.example', 'https://b.example'] })];
    expect(parseCorsRules(corsPropertiesXml(rules))).toEqual(rules);
    expect(
      parseCorsRules('<?xml version="1.0"?><StorageServiceProperties><Logging/><Cors /></StorageServiceProperties>'),
    ).toEqual([]);
    expect(() => parseCorsRules('<Error/>')).toThrow();
  });

  it('judges the first rule matching origin and GET, as Azure applies the first match', () => {
    expect(corsAllowsPortal([], portal)).toEqual({
      ok: false,
      why: 'no CORS rule of the Blob service allows GET from https://portal.example',
    });
    expect(corsAllowsPortal([rule({ allowedOrigins: ['*'] })], portal).ok).toBe(true);
    expect(corsAllowsPortal([rule({ allowedOrigins: ['https://other.example'] })], portal).ok).toBe(false);
    // A narrower rule for the same origin set first shadows a good one behind it.
    const narrow = rule({ exposedHeaders: ['x-ms-meta-*'] });
    expect(corsAllowsPortal([narrow, portalCorsRule(portal)], portal)).toEqual({
      ok: false,
      why: 'the CORS rule for https://portal.example does not expose content-length, content-range, etag',
    });
    expect(corsAllowsPortal([rule({ allowedMethods: ['GET'] })], portal).ok).toBe(false);
    expect(corsAllowsPortal([rule({ allowedHeaders: ['x-ms-meta*'] })], portal).ok).toBe(false);
    expect(corsAllowsPortal([rule({ allowedHeaders: ['Range'], exposedHeaders: ['*'] })], portal).ok).toBe(true);
  });

  it('puts the portal rule first, replaces an older one for the same origin, and refuses a sixth rule', () => {
    const others = [1, 2, 3, 4].map((n) => rule({ allowedOrigins: [`https://o${n}.example`] }));
    const old = rule({ allowedMethods: ['GET'] });
    const next = withPortalRule([...others, old], portal);
    expect(next).toEqual([portalCorsRule(portal), ...others]);
    expect(corsAllowsPortal(next!, portal).ok).toBe(true);
    expect(withPortalRule([...others, rule({ allowedOrigins: ['https://o5.example'] })], portal)).toBeNull();
  });
});
