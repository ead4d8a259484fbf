import { createPublicKey } from 'node:crypto';
import { base64url, exportSPKI, generateKeyPair, importJWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UnauthenticatedError } from '../../functions/domain/errors.js';
import { createTokenVerifier, type TokenVerifier } from '../../functions/identity/token-verifier.js';
import { LOCAL_AUDIENCE, type LocalOpenIdIssuer, startLocalOpenIdIssuer } from '../../local/openid-issuer.js';

let issuer: LocalOpenIdIssuer;
let verify: TokenVerifier;
const now = () => Math.floor(Date.now() / 1000);

beforeAll(async () => {
  issuer = await startLocalOpenIdIssuer();
  verify = createTokenVerifier({ issuer: issuer.issuer, audience: [LOCAL_AUDIENCE], jwks: issuer.jwksUrl });
});
afterAll(() => issuer.close());

/** The rule a refused token broke; fails the test when the token is accepted. */
async function refusalRule(authorization: string | undefined): Promise<string> {
  const error = await verify(authorization).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UnauthenticatedError);
  return (error as UnauthenticatedError).rule;
}

function unsigned(header: Record<string, unknown>, payload: Record<string, unknown>): string {
  const part = (value: unknown) => base64url.encode(JSON.stringify(value));
  return `${part(header)}.${part(payload)}.`;
}

describe('a token from the configured issuer, fetched by JWKS URL', () => {
  it('is accepted and names its subject and issuer', async () => {
    // Prepare
    const token = await issuer.issue('brand-manager-1', { groups: ['acme-reviewers'] });

    // Act
    const verified = await verify(`Bearer ${token}`);

    // Assess
    expect(verified.subject).toBe('brand-manager-1');
    expect(verified.issuer).toBe(issuer.issuer);
    expect(verified.claims['cognito:groups']).toEqual(['acme-reviewers']);
  });

  it('is accepted a few seconds past its expiry, within the clock tolerance', async () => {
    const token = await issuer.issue('editor-1', { claims: { exp: now() - 5 } });

    const verified = await verify(token);

    expect(verified.subject).toBe('editor-1');
  });

  it('is accepted with the audience in client_id when it has no aud, as Cognito access tokens are', async () => {
    const token = await issuer.issue('editor-1', { claims: { aud: undefined, client_id: LOCAL_AUDIENCE } });

    const verified = await verify(token);

    expect(verified.subject).toBe('editor-1');
  });

  it('names the person by the configured subject claim', async () => {
    const byEmail = createTokenVerifier({
      issuer: issuer.issuer,
      audience: [LOCAL_AUDIENCE],
      jwks: issuer.jwks,
      subjectClaim: 'email',
    });
    const token = await issuer.issue('00u1abc', { claims: { email: 'legal-1@example.com' } });

    const verified = await byEmail(token);

    expect(verified.subject).toBe('legal-1@example.com');
  });
});

describe('a token is refused, naming the rule it broke', () => {
  it('when there is none', async () => {
    expect(await refusalRule(undefined)).toBe('required');
    expect(await refusalRule('Bearer ')).toBe('required');
  });

  it('when it has expired beyond the tolerance', async () => {
    const token = await issuer.issue('editor-1', { claims: { exp: now() - 120 } });

    expect(await refusalRule(token)).toBe('expired');
  });

  it('when it is not valid yet', async () => {
    const token = await issuer.issue('editor-1', { claims: { nbf: now() + 600 } });

    expect(await refusalRule(token)).toBe('not-yet-valid');
  });

  it('when it was issued in the future', async () => {
    const token = await issuer.issue('editor-1', { claims: { iat: now() + 600 } });

    expect(await refusalRule(token)).toBe('issued-in-future');
  });

  it('when it is for another audience', async () => {
    const token = await issuer.issue('editor-1', { claims: { aud: 'another-api' } });

    expect(await refusalRule(token)).toBe('audience');
  });

  it('when it comes from another issuer', async () => {
    const token = await issuer.issue('editor-1', { claims: { iss: 'https://login.example.com' } });

    expect(await refusalRule(token)).toBe('issuer');
  });

  it('when its payload was changed after signing', async () => {
    // Prepare: the reviewer's own token, with the subject swapped for another person's
    const [header, , signature] = (await issuer.issue('reviewer-1')).split('.');
    const forged = base64url.encode(
      JSON.stringify({ sub: 'brand-manager-1', iss: issuer.issuer, aud: LOCAL_AUDIENCE, exp: now() + 600 }),
    );

    // Act and Assess
    expect(await refusalRule(`${header}.${forged}.${signature}`)).toBe('signature');
  });

  it("when it is signed by a key the issuer does not publish, under the issuer's kid", async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const kid = issuer.jwks.keys[0]?.kid;
    const token = await new SignJWT({ sub: 'brand-manager-1', aud: LOCAL_AUDIENCE })
      .setProtectedHeader({ alg: 'RS256', kid })
      .setIssuer(issuer.issuer)
      .setExpirationTime('10m')
      .sign(privateKey);

    expect(await refusalRule(token)).toBe('signature');
  });

  it('when it is unsigned (alg: none)', async () => {
    const token = unsigned(
      { alg: 'none', kid: issuer.jwks.keys[0]?.kid },
      { sub: 'brand-manager-1', iss: issuer.issuer, aud: LOCAL_AUDIENCE, exp: now() + 600 },
    );

    expect(await refusalRule(token)).toBe('algorithm-allowed');
  });

  it("when it is HS256-signed with the issuer's public key as the secret", async () => {
    // Prepare: the classic key-confusion forgery, using the published key as an HMAC secret
    const publicKey = await importJWK(issuer.jwks.keys[0] as never, 'RS256');
    const pem = await exportSPKI(publicKey as never);
    const secret = new TextEncoder().encode(pem);
    expect(createPublicKey(pem).asymmetricKeyType).toBe('rsa');
    const token = await new SignJWT({ sub: 'brand-manager-1', aud: LOCAL_AUDIENCE })
      .setProtectedHeader({ alg: 'HS256', kid: issuer.jwks.keys[0]?.kid })
      .setIssuer(issuer.issuer)
      .setExpirationTime('10m')
      .sign(secret);

    // Act and Assess
    expect(await refusalRule(token)).toBe('algorithm-allowed');
  });

  it('when it names no key', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const token = await new SignJWT({ sub: 'x', aud: LOCAL_AUDIENCE })
      .setProtectedHeader({ alg: 'RS256' })
      .setIssuer(issuer.issuer)
      .setExpirationTime('10m')
      .sign(privateKey);

    expect(await refusalRule(token)).toBe('key-known');
  });

  it('when it is not a JWT at all', async () => {
    expect(await refusalRule('Bearer not-a-token')).toBe('malformed');
  });
});
