/**
 * What the deployment tells the portal (`/config.json`, written by the stack or the local
 * twin): where the API and the identity provider are. The portal holds no power of its own.
 */
export interface PortalConfig {
  /** The HTTP API's base URL (no trailing slash). */
  apiUrl: string;
  /** The OpenID provider's issuer; its discovery document names the authorize and token endpoints. */
  issuer: string;
  clientId: string;
  /** Scopes to ask for. */
  scope?: string;
  /** Brands offered in the brand picker (any other can be typed). */
  brands?: string[];
  /** On AWS: the state machine, for links to a post's execution in the Step Functions console. */
  stateMachineArn?: string;
}

let loaded: PortalConfig | undefined;

/** The deployment's configuration, read once. */
export async function portalConfig(): Promise<PortalConfig> {
  if (loaded) return loaded;
  const response = await fetch('config.json', { cache: 'no-store' });
  if (!response.ok) throw new Error(`config.json: HTTP ${response.status}`);
  loaded = (await response.json()) as PortalConfig;
  return loaded;
}
