/**
 * The headers every portal response carries, on AWS (CloudFront's response headers policy)
 * and locally alike: a strict Content-Security-Policy (scripts and styles from the portal's own
 * origin only, no inline code, calls only to the API and the identity provider), no framing,
 * no sniffing, no referrer beyond the origin.
 */
export interface PortalOrigins {
  /** Origins the page calls: the API and the OpenID provider (discovery, token endpoint). */
  connect: readonly string[];
}

/**
 * The Content-Security-Policy of the portal.
 *
 * @example
 * ```ts
 * portalCsp({ connect: ['https://api.example.com', 'https://login.example.com'] });
 * // "default-src 'none'; script-src 'self'; ..."
 * ```
 */
export function portalCsp({ connect }: PortalOrigins): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: https:",
    `connect-src 'self' ${connect.join(' ')}`.trim(),
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}

/**
 * Every security header of the portal, by name.
 *
 * @example
 * ```ts
 * portalSecurityHeaders({ connect: [apiOrigin] })['x-frame-options']; // 'DENY'
 * ```
 */
export function portalSecurityHeaders(origins: PortalOrigins): Record<string, string> {
  return {
    'content-security-policy': portalCsp(origins),
    'strict-transport-security': 'max-age=63072000; includeSubDomains',
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'strict-origin',
    'cross-origin-opener-policy': 'same-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=()',
  };
}
