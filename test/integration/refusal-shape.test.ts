import { describe, expect, it } from 'vitest';
import { ApiRoutes } from '../../functions/contract/api-routes.js';
import { problemRules } from '../../functions/contract/problems.js';
import { SCHEMA_VERSION } from '../../functions/contract/version.js';
import { InboundHandlerFiles } from '../../infra/core/handler-catalog.js';
import { newPostId, useHarnessWithBrand } from '../support/twin-harness.js';

/*
 * Every inbound command, on the bus and at the front door, refuses in one shape: a list of
 * problems, each naming the field, a rule of the one vocabulary (functions/contract/problems.ts)
 * and a message. The walk takes every command from the tables the stack deploys from, so a
 * command added later is walked too.
 */

const RULES = Object.keys(problemRules);

// Each handler walked below runs in the twin as its function's role, on the branded harness's table.
const harness = useHarnessWithBrand();

/** The problems of a refusal, each exactly `{ field, rule, message }` with a rule of the vocabulary. */
function expectProblems(errors: unknown): void {
  expect(Array.isArray(errors) && errors.length > 0).toBe(true);
  for (const problem of errors as Record<string, unknown>[]) {
    expect(Object.keys(problem).sort()).toEqual(['field', 'message', 'rule']);
    expect(problem.field).toEqual(expect.stringMatching(/.+/));
    expect(RULES).toContain(problem.rule);
    expect(problem.message).toEqual(expect.stringMatching(/.+/));
  }
}

/** Details every command must refuse: no contract fields, none of its own, an unbound brand. */
const badDetails = () => ({
  'no contract fields': {},
  'none of its own fields': { schemaVersion: SCHEMA_VERSION },
  'an unknown post of a brand the sender is not bound to': {
    schemaVersion: SCHEMA_VERSION,
    brandId: 'brand-never-bound',
    postId: newPostId('refusal-shape'),
    revision: 1,
  },
});

describe('the refusal of every inbound command', () => {
  it.each(Object.entries(InboundHandlerFiles))(
    '%s refuses bad details with problems naming field and rule from the one vocabulary',
    async (detailType, file) => {
      // Prepare
      const handler = harness.handler(file, detailType);

      // Act
      const answers = [];
      for (const detail of Object.values(badDetails())) {
        answers.push((await handler(detail)) as { status: string; errors?: unknown });
      }

      // Assess
      for (const answer of answers) {
        expect(['rejected', 'refused']).toContain(answer.status);
        expectProblems(answer.errors);
      }
    },
  );

  it.each(Object.entries(ApiRoutes))(
    '%s answers an anonymous call, a body that is no JSON and unknown records with problem details naming field and rule',
    async (routeKey, file) => {
      // Prepare
      const handler = harness.handler(file);
      const [method, path] = routeKey.split(' ') as [string, string];
      const pathParameters = Object.fromEntries(
        [...path.matchAll(/\{(\w+)\}/g)].map(([, name]) => [name as string, `unknown-${name}`]),
      );
      const request = (claims: Record<string, unknown> | undefined, body: string) => ({
        version: '2.0',
        routeKey,
        rawPath: path,
        pathParameters,
        body,
        requestContext: { http: { method, path }, authorizer: { jwt: { claims } } },
      });
      const member = { iss: 'https://issuer.example', sub: 'refusal-shape-tester' };

      // Act
      const answers = [
        await handler(request(undefined, '{}')),
        await handler(request(member, 'not json')),
        await handler(request(member, '{}')),
      ] as { statusCode: number; body: string }[];

      // Assess
      const [anonymous, noJson, unknownRecords] = answers.map((answer) => answer.statusCode);
      expect([anonymous, noJson]).toEqual([401, 400]);
      expect([400, 403, 404]).toContain(unknownRecords);
      for (const answer of answers) {
        const problem = JSON.parse(answer.body) as Record<string, unknown>;
        expect(Object.keys(problem).sort()).toEqual(['detail', 'errors', 'status', 'title', 'type']);
        expect(problem.status).toBe(answer.statusCode);
        expectProblems(problem.errors);
      }
    },
  );
});
