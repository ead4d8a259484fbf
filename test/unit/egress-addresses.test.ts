import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AddressClass, classifyAddress, isPublicAddress } from '../../functions/egress/addresses.js';

const quad = (a: number, b: number, c: number, d: number) => `${a}.${b}.${c}.${d}`;
const byte = fc.integer({ min: 0, max: 255 });
const group = fc.integer({ min: 0, max: 0xffff });
const hex4 = (n: number) => n.toString(16);
/** The IPv4 address as the two low IPv6 groups, `a9fe:a9fe` for 169.254.169.254. */
const asGroups = (a: number, b: number, c: number, d: number) => `${hex4(a * 256 + b)}:${hex4(c * 256 + d)}`;

describe('address classification for the egress guard', () => {
  it.each<[string, AddressClass]>([
    ['169.254.169.254', 'metadata'],
    ['[fd00:ec2::254]', 'metadata'],
    ['fd00:ec2::254', 'metadata'],
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['::1', 'loopback'],
    ['10.0.0.5', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.1.1', 'link-local'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['fc00::1', 'unique-local'],
    ['fd12:3456::1', 'unique-local'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['100.64.0.1', 'shared'],
    ['100.127.255.254', 'shared'],
    ['224.0.0.1', 'multicast'],
    ['ff02::1', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['192.0.2.1', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['2001:db8::1', 'reserved'],
    ['2002:a00:1::1', 'reserved'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:169.254.169.254', 'metadata'],
    ['::ffff:10.0.0.5', 'private'],
    ['::127.0.0.1', 'loopback'],
    ['::ffff:0:10.0.0.5', 'private'],
    ['64:ff9b::a9fe:a9fe', 'metadata'],
    ['64:ff9b::10.1.2.3', 'private'],
    ['93.184.216.34', 'public'],
    ['172.32.0.1', 'public'],
    ['100.128.0.1', 'public'],
    ['2606:4700:4700::1111', 'public'],
    ['::ffff:93.184.216.34', 'public'],
    ['127.1', 'invalid'],
    ['0x7f.0.0.1', 'invalid'],
    ['1:2:3:4:5:6:7:8:9', 'invalid'],
    ['api.x.com', 'invalid'],
  ])('classifies %s as %s', (address, expected) => {
    // Act
    const kind = classifyAddress(address);
    // Assess
    expect(kind).toBe(expected);
  });

  it('gives every IPv4-mapped, -compatible and NAT64 form the class of the IPv4 address it carries', () => {
    fc.assert(
      fc.property(byte, byte, byte, byte, (a, b, c, d) => {
        // Prepare
        const plain = quad(a, b, c, d);
        const expected = classifyAddress(plain);
        // Act
        const forms = [
          `::ffff:${plain}`,
          `::ffff:${asGroups(a, b, c, d)}`,
          `0:0:0:0:0:ffff:${asGroups(a, b, c, d)}`,
          `64:ff9b::${plain}`,
        ];
        // Assess
        for (const form of forms) expect(classifyAddress(form), form).toBe(expected);
      }),
    );
  });

  it('never calls an address in 10/8, 172.16/12, 192.168/16, 127/8, 169.254/16 or 100.64/10 public', () => {
    const inRange = fc.oneof(
      fc.tuple(byte, byte, byte).map(([b, c, d]) => quad(10, b, c, d)),
      fc.tuple(fc.integer({ min: 16, max: 31 }), byte, byte).map(([b, c, d]) => quad(172, b, c, d)),
      fc.tuple(byte, byte).map(([c, d]) => quad(192, 168, c, d)),
      fc.tuple(byte, byte, byte).map(([b, c, d]) => quad(127, b, c, d)),
      fc.tuple(byte, byte).map(([c, d]) => quad(169, 254, c, d)),
      fc.tuple(fc.integer({ min: 64, max: 127 }), byte, byte).map(([b, c, d]) => quad(100, b, c, d)),
    );
    fc.assert(
      fc.property(inRange, (address) => {
        // Act / Assess
        expect(isPublicAddress(address)).toBe(false);
        expect(isPublicAddress(`::ffff:${address}`)).toBe(false);
      }),
    );
  });

  it('never calls an fc00::/7, fe80::/10 or ff00::/8 address public, however it is written', () => {
    const prefixed = fc.oneof(
      fc.integer({ min: 0xfc00, max: 0xfdff }),
      fc.integer({ min: 0xfe80, max: 0xfebf }),
      fc.integer({ min: 0xff00, max: 0xffff }),
    );
    fc.assert(
      fc.property(
        prefixed,
        fc.array(group, { minLength: 7, maxLength: 7 }),
        fc.boolean(),
        (first, rest, upper) => {
          // Prepare
          const full = [first, ...rest].map(hex4).join(':');
          const address = upper ? full.toUpperCase() : full;
          // Act
          const kind = classifyAddress(address);
          // Assess
          expect(['unique-local', 'link-local', 'multicast', 'metadata']).toContain(kind);
        },
      ),
    );
  });

  it('reads the compressed and the full form of an IPv6 address the same', () => {
    fc.assert(
      fc.property(
        fc.array(group, { minLength: 8, maxLength: 8 }),
        fc.integer({ min: 0, max: 7 }),
        (groups, at) => {
          // Prepare: zero a run of groups and write it with `::`.
          const zeroed = groups.map((g, i) => (i >= at && i < at + 2 ? 0 : g));
          const full = zeroed.map(hex4).join(':');
          const head = zeroed.slice(0, at).map(hex4).join(':');
          const tail = zeroed
            .slice(Math.min(8, at + 2))
            .map(hex4)
            .join(':');
          const compressed = `${head}::${tail}`;
          // Act / Assess
          expect(classifyAddress(compressed)).toBe(classifyAddress(full));
        },
      ),
    );
  });

  it('classifies every IPv4 address as exactly one known class, never invalid', () => {
    fc.assert(
      fc.property(byte, byte, byte, byte, (a, b, c, d) => {
        // Act
        const kind = classifyAddress(quad(a, b, c, d));
        // Assess
        expect(kind).not.toBe('invalid');
        expect(kind === 'public').toBe(isPublicAddress(quad(a, b, c, d)));
      }),
    );
  });
});
