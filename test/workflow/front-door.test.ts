import { base64url, exportSPKI, generateKeyPair, importJWK, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { getPost, listLifecycleLog, putBrand } from '../../functions/persistence/index.js';
import { realNow } from '../../local/clock.js';
import { LocalAws } from '../../local/core/template.js';
import { LOCAL_AUDIENCE } from '../../local/openid-issuer.js';
import { apiCall } from './api-client.js';
import { HOUR, inFuture, uniqueId, useLocalRun } from './support.js';

const runtime = useLocalRun();
const ADMIN_GROUP = 'brandflow-admins';

/** Tokens live in real time, whatever the local clock's jumps. */
const now = () => Math.floor(realNow() / 1000);

/** A request to the front door, with a token when given; the status, a header and the JSON body. */
const call = (method: string, path: string, token?: string, body?: unknown) =>
  apiCall(runtime, method, path, token, body);

const tokenFor = (user: string, groups: string[] = []) => runtime.issuer.issue(user, { groups });

/** A brand whose one review stage names reviewer-<suffix> and its admin; memberships set through the API. */
async function seedBrand(suffix: string) {
  const brandId = uniqueId(`door-${suffix}`);
  await putBrand({
    brandId,
    name: 'Acme Coffee',
    channels: [{ id: 'x', adapter: 'sandbox', maxLength: 280 }],
    reviewChain: { stages: [{ name: 'brand', approvers: [`reviewer-${suffix}`, 'admin-1'] }] },
  });
  const admin = await tokenFor('admin-1', [ADMIN_GROUP]);
  for (const [member, roles] of [
    [`reviewer-${suffix}`, ['reviewer']],
    [`editor-${suffix}`, ['editor']],
  ] as const) {
    const set = await call('PUT', `/brands/${brandId}/members/${member}`, admin, { roles });
    expect(set.status).toBe(200);
  }
  return brandId;
}

/**
 * Far ahead by default: the local clock jumps with other posts' waits and metric rounds (days),
 * and a post waiting in review must not expire under the test; yet within what one execution
 * can wait for with its metric rounds (`within-one-year`).
 */
function postBody(brandId: string, postId: string, revision = 1, scheduledAt = inFuture(240 * 24 * HOUR)) {
  return {
    postId,
    revision,
    brandId,
    contentType: 'text',
    content: { x: { text: `Our spring blend is back in every shop this week (${revision}).` } },
    scheduledAt,
    timeZone: 'Europe/Paris',
  };
}

/** Submits through the API as `author` and waits for the review request; its content hash. */
async function submitted(
  brandId: string,
  author: string,
  revision = 1,
  postId = uniqueId('door-post'),
  scheduledAt?: string,
) {
  const answer = await call(
    'POST',
    '/posts',
    await tokenFor(
      author,
      [ADMIN_GROUP].filter(() => author === 'admin-1'),
    ),
    postBody(brandId, postId, revision, scheduledAt),
  );
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  const requested = await runtime.waitForEvent(
    (e) =>
      e['detail-type'] === 'Review Requested' && e.detail.postId === postId && e.detail.revision === revision,
  );
  return { postId, contentHash: String(requested.detail.contentHash) };
}

/** A `Review Decision` detail approving revision 1 as `reviewer`, who saw `contentHash`. */
const approvalBy = (reviewer: string, postId: string, contentHash: string) => ({
  postId,
  revision: 1,
  decision: 'approve',
  reviewer: { id: reviewer },
  contentHash,
});

/** The post is still waiting in review, with no decision recorded. */
async function expectUnchanged(postId: string) {
  expect((await getPost(postId))?.status).toBe('in_review');
  expect((await listLifecycleLog(postId)).filter((e) => e.action === 'review_decided')).toEqual([]);
}

let brandX: string;
let brandY: string;
beforeAll(async () => {
  brandX = await seedBrand('x');
  brandY = await seedBrand('y');
});

describe('the front door on the local twin', () => {
  it('records a reviewer approval with the issuer and subject of the verified token', async () => {
    // Prepare
    const { postId, contentHash } = await submitted(brandX, 'editor-x', 1, undefined, inFuture(HOUR));

    // Act
    const answer = await call('POST', `/posts/${postId}/decisions`, await tokenFor('reviewer-x'), {
      revision: 1,
      decision: 'approve',
      contentHash,
    });

    // Assess
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body.status).toBe('accepted');
    const log = await listLifecycleLog(postId);
    const submittedEntry = log.find((e) => e.action === 'submitted');
    const decided = log.find((e) => e.action === 'review_decided');
    expect(submittedEntry?.actor.id).toBe('editor-x');
    expect(submittedEntry?.provenance).toEqual({
      via: 'api',
      issuer: runtime.issuer.issuer,
      subject: 'editor-x',
    });
    expect(decided?.actor.id).toBe('reviewer-x');
    expect(decided?.provenance).toEqual({ via: 'api', issuer: runtime.issuer.issuer, subject: 'reviewer-x' });
    expect((await getPost(postId))?.status).toBe('scheduled');
  });

  describe('refuses a decision, with a clear reason and nothing changed,', () => {
    let postId: string;
    let contentHash: string;
    beforeAll(async () => {
      ({ postId, contentHash } = await submitted(brandX, 'editor-x'));
    });
    const approve = () => ({ revision: 1, decision: 'approve', contentHash });
    const decide = (token: string | undefined, body: unknown = approve()) =>
      call('POST', `/posts/${postId}/decisions`, token, body);

    it('without a token', async () => {
      const answer = await decide(undefined);

      expect(answer.status).toBe(401);
      expect(answer.body).toEqual({ message: 'Unauthorized' });
      expect(answer.challenge).toContain('no bearer token');
      await expectUnchanged(postId);
    });

    it.each([
      ['expired', { exp: now() - 3600 }, 'has expired'],
      ['not yet valid', { nbf: now() + 3600 }, 'not valid yet'],
      ['for another audience', { aud: 'another-api' }, 'not for this API'],
      ['from another issuer', { iss: 'https://login.example.com' }, 'another issuer'],
    ])('with a token %s', async (_, claims, reason) => {
      const token = await runtime.issuer.issue('reviewer-x', { claims });

      const answer = await decide(token);

      expect(answer.status).toBe(401);
      expect(answer.challenge).toContain(reason);
      await expectUnchanged(postId);
    });

    it('with a tampered signature', async () => {
      // Prepare: reviewer-y's token with the payload swapped for reviewer-x's
      const [header, , signature] = (await tokenFor('reviewer-y')).split('.');
      const payload = (await tokenFor('reviewer-x')).split('.')[1];

      const answer = await decide(`${header}.${payload}.${signature}`);

      expect(answer.status).toBe(401);
      expect(answer.challenge).toContain('signature');
      await expectUnchanged(postId);
    });

    it('with an unsigned token (alg: none)', async () => {
      const part = (value: unknown) => base64url.encode(JSON.stringify(value));
      const claims = { sub: 'reviewer-x', iss: runtime.issuer.issuer, aud: LOCAL_AUDIENCE, exp: now() + 600 };
      const token = `${part({ alg: 'none', kid: runtime.issuer.jwks.keys[0]?.kid })}.${part(claims)}.`;

      const answer = await decide(token);

      expect(answer.status).toBe(401);
      expect(answer.challenge).toContain('algorithm none');
      await expectUnchanged(postId);
    });

    it("with an HS256 token signed with the issuer's public key", async () => {
      const key = runtime.issuer.jwks.keys[0];
      const pem = await exportSPKI((await importJWK(key as never, 'RS256')) as never);
      const token = await new SignJWT({ sub: 'reviewer-x', aud: LOCAL_AUDIENCE })
        .setProtectedHeader({ alg: 'HS256', kid: key?.kid })
        .setIssuer(runtime.issuer.issuer)
        .setExpirationTime('10m')
        .sign(new TextEncoder().encode(pem));

      const answer = await decide(token);

      expect(answer.status).toBe(401);
      expect(answer.challenge).toContain('algorithm HS256');
      await expectUnchanged(postId);
    });

    it('signed by a key the issuer does not publish', async () => {
      const { privateKey } = await generateKeyPair('RS256');
      const token = await new SignJWT({ sub: 'reviewer-x', aud: LOCAL_AUDIENCE })
        .setProtectedHeader({ alg: 'RS256', kid: runtime.issuer.jwks.keys[0]?.kid })
        .setIssuer(runtime.issuer.issuer)
        .setExpirationTime('10m')
        .sign(privateKey);

      const answer = await decide(token);

      expect(answer.status).toBe(401);
      await expectUnchanged(postId);
    });

    it("from user A deciding in B's name", async () => {
      const answer = await decide(await tokenFor('reviewer-x'), {
        ...approve(),
        reviewer: { id: 'admin-1' },
      });

      expect(answer.status).toBe(403);
      expect(answer.type).toBe('application/problem+json');
      expect(answer.body.errors?.[0]?.rule).toBe('actor-from-token');
      await expectUnchanged(postId);
    });

    it('from a reviewer of another brand', async () => {
      const answer = await decide(await tokenFor('reviewer-y'));

      expect(answer.status).toBe(403);
      expect(answer.body.errors?.[0]?.rule).toBe('role');
      expect(answer.body.detail).toContain(brandX);
      await expectUnchanged(postId);
    });

    it('approving without the content hash the reviewer saw', async () => {
      const answer = await decide(await tokenFor('reviewer-x'), { revision: 1, decision: 'approve' });

      expect(answer.status).toBe(400);
      expect(answer.body.errors).toEqual([
        expect.objectContaining({ field: 'contentHash', rule: 'required' }),
      ]);
      await expectUnchanged(postId);
    });

    it('for a post that does not exist', async () => {
      const answer = await call(
        'POST',
        '/posts/no-such-post/decisions',
        await tokenFor('reviewer-x'),
        approve(),
      );

      expect(answer.status).toBe(404);
      await expectUnchanged(postId);
    });
  });

  it('refuses the author approving their own post, even as brand admin and named approver', async () => {
    // Prepare
    const { postId, contentHash } = await submitted(brandX, 'admin-1');

    // Act
    const answer = await call(
      'POST',
      `/posts/${postId}/decisions`,
      await tokenFor('admin-1', [ADMIN_GROUP]),
      {
        revision: 1,
        decision: 'approve',
        contentHash,
      },
    );

    // Assess
    expect(answer.status).toBe(403);
    expect(answer.body.errors?.[0]?.rule).toBe('author-not-reviewer');
    await expectUnchanged(postId);
  });

  it('refuses a replayed approval for an old revision', async () => {
    // Prepare: revision 1 in review, then edited to revision 2
    const first = await submitted(brandX, 'editor-x');
    await submitted(brandX, 'editor-x', 2, first.postId);

    // Act
    const answer = await call('POST', `/posts/${first.postId}/decisions`, await tokenFor('reviewer-x'), {
      revision: 1,
      decision: 'approve',
      contentHash: first.contentHash,
    });

    // Assess
    expect(answer.status).toBe(409);
    expect(answer.body.errors?.[0]?.rule).toBe('revision-current');
    expect((await getPost(first.postId))?.revision).toBe(2);
    await expectUnchanged(first.postId);
  });

  it('refuses an editor changing the brand profile; a brand admin may', async () => {
    // Prepare
    const profile = {
      brandId: brandY,
      name: 'Acme Coffee',
      channels: [{ id: 'x', adapter: 'sandbox', maxLength: 280 }],
      reviewChain: { stages: [{ name: 'brand', approvers: ['reviewer-y', 'group:legal'] }] },
    };

    // Act
    const byEditor = await call('PUT', `/brands/${brandY}/profile`, await tokenFor('editor-y'), { profile });
    const byAdmin = await call('PUT', `/brands/${brandY}/profile`, await tokenFor('admin-1', [ADMIN_GROUP]), {
      profile,
    });

    // Assess
    expect(byEditor.status).toBe(403);
    expect(byEditor.body.errors?.[0]?.rule).toBe('role');
    expect(byAdmin.status, JSON.stringify(byAdmin.body)).toBe(200);
  });

  it('refuses a profile whose review stage names no one: no stage is open to anyone', async () => {
    // Prepare
    const profile = {
      brandId: brandY,
      name: 'Acme Coffee',
      channels: [{ id: 'x', adapter: 'sandbox', maxLength: 280 }],
      reviewChain: { stages: [{ name: 'brand', approvers: [] }] },
    };

    // Act
    const answer = await call('PUT', `/brands/${brandY}/profile`, await tokenFor('admin-1', [ADMIN_GROUP]), {
      profile,
    });

    // Assess
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([
      expect.objectContaining({ field: 'profile.reviewChain.stages.0.approvers', rule: 'required' }),
    ]);
  });

  it('lets a member of a group named as approver decide, through the groups claim', async () => {
    // Prepare: brand Y's chain names group:legal since the admin's update above
    const { postId, contentHash } = await submitted(brandY, 'editor-y');
    await call('PUT', `/brands/${brandY}/members/legal-1`, await tokenFor('admin-1', [ADMIN_GROUP]), {
      roles: ['reviewer'],
    });

    // Act
    const answer = await call('POST', `/posts/${postId}/decisions`, await tokenFor('legal-1', ['legal']), {
      revision: 1,
      decision: 'reject',
      comment: 'The claim needs a source.',
      contentHash,
    });

    // Assess
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect((await getPost(postId))?.status).toBe('rejected');
  });

  it('shows a post and its log to a member, without the task token', async () => {
    // Prepare
    const { postId } = await submitted(brandY, 'editor-y');

    // Act
    const byMember = await call('GET', `/posts/${postId}`, await tokenFor('reviewer-y'));
    const byOutsider = await call('GET', `/posts/${postId}`, await tokenFor('reviewer-x'));

    // Assess
    expect(byMember.status).toBe(200);
    expect(JSON.stringify(byMember.body)).not.toMatch(/taskToken/i);
    expect(byOutsider.status).toBe(403);
  });
});

describe('the bus on the local twin', () => {
  it("refuses an event with source brandflow from outside Brandflow's own roles, and delivers nothing", async () => {
    // Prepare: a forged approval dressed as Brandflow's own event
    const { postId, contentHash } = await submitted(brandX, 'editor-x');
    const before = runtime.events.length;

    // Act
    const result = await runtime.putEvents([
      {
        EventBusName: runtime.env.EVENT_BUS_NAME,
        Source: 'brandflow',
        DetailType: 'Review Decision',
        Detail: JSON.stringify(approvalBy('reviewer-x', postId, contentHash)),
      },
    ]);

    // Assess
    expect(result.FailedEntryCount).toBe(1);
    expect(result.Entries?.[0]?.ErrorCode).toBe('AccessDeniedException');
    expect(runtime.events.length).toBe(before);
    await expectUnchanged(postId);
  });
});

describe('decision sources on the local twin', () => {
  /** Puts a decision from the stack's own account with `source`; waits until its handler took it. */
  async function putDecision(source: string, detail: object) {
    const result = await runtime.putEvents([
      {
        EventBusName: runtime.env.EVENT_BUS_NAME,
        Source: source,
        DetailType: 'Review Decision',
        Detail: JSON.stringify(detail),
      },
    ]);
    const eventId = result.Entries?.[0]?.EventId;
    if (!eventId) throw new Error(`PutEvents refused: ${JSON.stringify(result)}`);
    await runtime.waitForDelivery(eventId);
    return eventId;
  }

  it("refuses a Review Decision from the stack's own account that no brand admin trusts, saying why", async () => {
    // Prepare
    const { postId, contentHash } = await submitted(brandX, 'editor-x');
    const approval = approvalBy('reviewer-x', postId, contentHash);

    // Act
    const eventId = await putDecision('com.acme.approvals', approval);

    // Assess
    const rejected = await runtime.waitForEvent(
      (e) => e['detail-type'] === 'Inbound Event Rejected' && e.detail.eventId === eventId,
    );
    expect(rejected.detail.errors).toEqual([
      expect.objectContaining({ field: 'source', rule: 'trusted-decision-source' }),
    ]);
    await expectUnchanged(postId);
  });

  it('takes a decision from a source a brand admin trusts through the API, recorded as asserted by it', async () => {
    // Prepare: an editor may not trust a source; the brand admin does
    const source = 'com.acme.approvals';
    const memberPath = `/brands/${brandX}/members/source:${LocalAws.accountId}:${source}`;
    const byEditor = await call('PUT', memberPath, await tokenFor('editor-x'), { roles: ['reviewer'] });
    const admin = await tokenFor('admin-1', [ADMIN_GROUP]);
    const byAdmin = await call('PUT', memberPath, admin, { roles: ['reviewer'] });
    const { postId, contentHash } = await submitted(brandX, 'editor-x');

    // Act
    await putDecision(source, approvalBy('reviewer-x', postId, contentHash));

    // Assess
    expect(byEditor.status).toBe(403);
    expect(byAdmin.status).toBe(200);
    expect((await getPost(postId))?.status).toBe('scheduled');
    const decided = (await listLifecycleLog(postId)).find((e) => e.action === 'review_decided');
    expect(decided).toMatchObject({
      actor: { id: 'reviewer-x' },
      provenance: { via: 'bus', account: LocalAws.accountId, source },
    });
  });

  it.each([
    ["Brandflow's own source", 'source:000000000000:brandflow'],
    ['an account that is not 12 digits', 'source:1234:com.acme.approvals'],
  ])('refuses to trust a decision source naming %s', async (_name, memberId) => {
    // Act
    const answer = await call(
      'PUT',
      `/brands/${brandX}/members/${memberId}`,
      await tokenFor('admin-1', [ADMIN_GROUP]),
      {
        roles: ['reviewer'],
      },
    );

    // Assess
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([expect.objectContaining({ field: 'memberId', rule: 'format' })]);
  });
});

describe("the front door's grants on the local twin", () => {
  it('cover every AWS call the API functions made, none of them a PutEvents', () => {
    // Prepare: the API functions' logical ids (PeopleApi...)
    const apiCalls = runtime.iamDecisions.filter((d) => d.functionLogicalId.startsWith('PeopleApi'));

    // Assess
    expect(apiCalls.length).toBeGreaterThan(0);
    expect(apiCalls.filter((d) => !d.allowed)).toEqual([]);
    expect(apiCalls.filter((d) => d.action === 'events:PutEvents')).toEqual([]);
  });
});
