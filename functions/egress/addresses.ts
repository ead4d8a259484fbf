/**
 * What an IP address reaches, for the egress guard: only `public` addresses may be called
 * from a deployed stack. Pure logic on the textual address (no DNS, no AWS).
 */

/**
 * The class of an address. `metadata` is the instance metadata service (169.254.169.254,
 * fd00:ec2::254); `shared` is carrier-grade NAT (100.64.0.0/10); `reserved` covers every
 * other special-purpose range (documentation, benchmarking, multicast, 6to4, Teredo...);
 * `invalid` is text that is no IP address in canonical form.
 */
export type AddressClass =
  | 'public'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'unique-local'
  | 'metadata'
  | 'unspecified'
  | 'shared'
  | 'multicast'
  | 'reserved'
  | 'invalid';

interface V4Range {
  base: number;
  bits: number;
  kind: Exclude<AddressClass, 'public' | 'invalid'>;
}

const v4 = (text: string, bits: number, kind: V4Range['kind']): V4Range => ({
  base: parseIpv4(text) as number,
  bits,
  kind,
});

// First match wins: the metadata address sits inside link-local.
const V4_RANGES: readonly V4Range[] = [
  v4('169.254.169.254', 32, 'metadata'),
  v4('0.0.0.0', 8, 'unspecified'),
  v4('10.0.0.0', 8, 'private'),
  v4('100.64.0.0', 10, 'shared'),
  v4('127.0.0.0', 8, 'loopback'),
  v4('169.254.0.0', 16, 'link-local'),
  v4('172.16.0.0', 12, 'private'),
  v4('192.0.0.0', 24, 'reserved'),
  v4('192.0.2.0', 24, 'reserved'),
  v4('192.88.99.0', 24, 'reserved'),
  v4('192.168.0.0', 16, 'private'),
  v4('198.18.0.0', 15, 'reserved'),
  v4('198.51.100.0', 24, 'reserved'),
  v4('203.0.113.0', 24, 'reserved'),
  v4('224.0.0.0', 4, 'multicast'),
  v4('240.0.0.0', 4, 'reserved'),
];

/**
 * The class of an IPv4 or IPv6 address in its usual text form (a zone id such as `%eth0`
 * is ignored). IPv4-mapped (`::ffff:a.b.c.d`), IPv4-compatible (`::a.b.c.d`) and NAT64
 * (`64:ff9b::/96`) forms take the class of the IPv4 address they carry, so
 * `::ffff:127.0.0.1` is `loopback` and `64:ff9b::a9fe:a9fe` is `metadata`.
 *
 * @example
 * ```ts
 * classifyAddress('93.184.216.34'); // 'public'
 * classifyAddress('10.0.0.5'); // 'private'
 * classifyAddress('[fd00:ec2::254]'); // 'metadata'
 * classifyAddress('::ffff:169.254.169.254'); // 'metadata'
 * ```
 */
export function classifyAddress(address: string): AddressClass {
  const text = address.replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '');
  const four = parseIpv4(text);
  if (four !== undefined) return classifyIpv4(four);
  const six = parseIpv6(text);
  return six ? classifyIpv6(six) : 'invalid';
}

/**
 * Whether an address may be called from a deployed stack.
 *
 * @example
 * ```ts
 * isPublicAddress('127.0.0.1'); // false
 * ```
 */
export function isPublicAddress(address: string): boolean {
  return classifyAddress(address) === 'public';
}

function classifyIpv4(value: number): AddressClass {
  for (const range of V4_RANGES) {
    const mask = range.bits === 0 ? 0 : (0xffffffff << (32 - range.bits)) >>> 0;
    if ((value & mask) >>> 0 === range.base) return range.kind;
  }
  return 'public';
}

function classifyIpv6(groups: number[]): AddressClass {
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = groups;
  const embedded = ((g6 << 16) | g7) >>> 0;
  const zeroUpTo = (n: number) => groups.slice(0, n).every((g) => g === 0);
  if (zeroUpTo(8)) return 'unspecified';
  if (zeroUpTo(7) && g7 === 1) return 'loopback';
  // ::ffff:a.b.c.d (mapped) and ::a.b.c.d (compatible): the IPv4 address is what is reached.
  if (zeroUpTo(5) && g5 === 0xffff) return classifyIpv4(embedded);
  if (zeroUpTo(6)) return classifyIpv4(embedded);
  // ::ffff:0:a.b.c.d (SIIT translated) and 64:ff9b::/96 (NAT64) reach the IPv4 address too.
  if (zeroUpTo(4) && g4 === 0xffff && g5 === 0) return classifyIpv4(embedded);
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) {
    return classifyIpv4(embedded);
  }
  if (g0 === 0xfd00 && g1 === 0x0ec2 && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0 && g6 === 0) {
    if (g7 === 0x254) return 'metadata';
  }
  if ((g0 & 0xfe00) === 0xfc00) return 'unique-local';
  if ((g0 & 0xffc0) === 0xfe80) return 'link-local';
  if ((g0 & 0xff00) === 0xff00) return 'multicast';
  // Global unicast is 2000::/3; inside it, IETF assignments (Teredo...), documentation and 6to4.
  if ((g0 & 0xe000) !== 0x2000) return 'reserved';
  if (g0 === 0x2001 && g1 < 0x0200) return 'reserved';
  if (g0 === 0x2001 && g1 === 0x0db8) return 'reserved';
  if (g0 === 0x2002) return 'reserved';
  if (g0 === 0x3fff && g1 < 0x1000) return 'reserved';
  return 'public';
}

/** A dotted quad of four decimal parts 0-255, without leading zeros; anything else is undefined. */
function parseIpv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^(0|[1-9]\d{0,2})$/.test(part)) return undefined;
    const byte = Number(part);
    if (byte > 255) return undefined;
    value = value * 256 + byte;
  }
  return value;
}

/** Eight 16-bit groups, with `::` and a trailing dotted quad expanded; undefined when malformed. */
function parseIpv6(text: string): number[] | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(text)) return undefined;
  let tail: number[] = [];
  let rest = text;
  const quad = /(?:^|:)(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (quad) {
    const value = parseIpv4(quad[1] as string);
    if (value === undefined) return undefined;
    tail = [value >>> 16, value & 0xffff];
    rest = text.slice(0, text.length - (quad[1] as string).length);
    // `::1.2.3.4` leaves `::`; `64:ff9b::1.2.3.4` leaves `64:ff9b::`; `1:2:3:4:5:6:1.2.3.4` leaves `...6:`.
    if (rest.endsWith(':') && !rest.endsWith('::')) rest = rest.slice(0, -1);
  }
  const halves = rest.split('::');
  if (halves.length > 2) return undefined;
  const groups = (half: string) => (half === '' ? [] : half.split(':'));
  const head = groups(halves[0] as string);
  const after = halves.length === 2 ? groups(halves[1] as string) : [];
  if ([...head, ...after].some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  const known = head.length + after.length + tail.length;
  if (halves.length === 1 ? known !== 8 : known > 7) return undefined;
  const zeros = new Array<number>(8 - known).fill(0);
  return [...head.map(hex), ...zeros, ...after.map(hex), ...tail];
}

const hex = (group: string) => Number.parseInt(group, 16);
