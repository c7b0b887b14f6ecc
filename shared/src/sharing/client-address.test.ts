import { describe, expect, it } from 'vitest';
import { clientKeyOf } from './client-address';

describe('clientKeyOf', () => {
  it('keys IPv6 by its /64, however the address is written', () => {
    const key = clientKeyOf('2001:db8:0:42::1');
    expect(key).toBe('2001:db8:0:42::/64');
    for (const ip of ['2001:DB8:0:42:ffff:ffff:ffff:ffff', '2001:0db8:0000:0042::abcd', '2001:db8:0:42:1:2:3:4%eth0'])
      expect(clientKeyOf(ip)).toBe(key);
    expect(clientKeyOf('2001:db8:0:43::1')).not.toBe(key);
    expect(clientKeyOf('::1')).toBe('0:0:0:0::/64');
  });

  it('keys IPv4 and IPv4-mapped IPv6 by the IPv4 address', () => {
    expect(clientKeyOf('203.0.113.7')).toBe('203.0.113.7');
    expect(clientKeyOf('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(clientKeyOf('::ffff:cb00:7107')).toBe('203.0.113.7');
  });

  it('keeps what does not parse as it is', () => {
    for (const junk of ['unknown', '1::2::3', '2001:db8::g', '1:2:3:4:5:6:7:8:9', '::ffff:1.2.3.999'])
      expect(clientKeyOf(junk)).toBe(junk);
  });
});
