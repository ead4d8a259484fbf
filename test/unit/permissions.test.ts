import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ApiRoutes } from '../../functions/contract/api-routes.js';
import {
  approverNames,
  BrandAction,
  BrandRole,
  brandRoles,
  mayAct,
  permissionTable,
  permissionTableMarkdown,
} from '../../functions/domain/permissions.js';
import { callerFromClaims } from '../../functions/identity/claims.js';

const securityDoc = () => readFileSync(new URL('../../docs/security.md', import.meta.url), 'utf8');
const actions = Object.values(BrandAction);
const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,15}$/);

describe('the permission table', () => {
  it('is the one docs/security.md shows', () => {
    // Prepare: cells of each row, whatever the padding the formatter gave the Markdown
    const cells = (table: string) =>
      table
        .trim()
        .split('\n')
        .map((line) => line.split('|').map((cell) => cell.trim().replace(/^(:?)-+(:?)$/, '$1-$2')));
    const documented = /<!-- permission-table[^>]*-->\n([\s\S]*?)\n<!-- \/permission-table -->/.exec(
      securityDoc(),
    );

    // Act
    const shown = cells(documented?.[1] ?? '');

    // Assess
    expect(shown).toEqual(cells(permissionTableMarkdown()));
  });

  it('and docs/security.md lists every route of the front door', () => {
    const doc = securityDoc();

    for (const route of Object.keys(ApiRoutes)) expect(doc).toContain(`\`${route}\``);
  });

  it('lets only brand admins change profiles and memberships', () => {
    expect(permissionTable[BrandAction.UpdateProfile]).toEqual([BrandRole.Admin]);
    expect(permissionTable[BrandAction.ManageMembers]).toEqual([BrandRole.Admin]);
  });

  it('grants an action to a set of roles exactly when one of them may take it', () => {
    fc.assert(
      fc.property(fc.subarray(brandRoles), fc.constantFrom(...actions), (roles, action) => {
        expect(mayAct(roles, action)).toBe(roles.some((role) => permissionTable[action].includes(role)));
      }),
    );
  });

  it('never grants anything to someone without a role, and everything to a brand admin', () => {
    fc.assert(
      fc.property(fc.constantFrom(...actions), (action) => {
        expect(mayAct([], action)).toBe(false);
        expect(mayAct([BrandRole.Admin], action)).toBe(true);
      }),
    );
  });
});

describe('a trusted decision source', () => {
  it('may put on the bus what docs/security.md says its role allows, and nothing else', () => {
    // Prepare: the event each human decision on the bus stands for
    const actionOf = {
      'Review Decision': BrandAction.DecideReview,
      'Update Brand Profile': BrandAction.UpdateProfile,
    };
    const section = securityDoc().slice(securityDoc().indexOf('### Trusted decision sources'));
    const rows = [...section.matchAll(/^\| `([a-z-]+)` +\| ([^|]+)\|$/gm)].map(([, role, text]) => ({
      role: role as BrandRole,
      events: Object.keys(actionOf).filter((event) => text?.includes(`\`${event}\``)),
    }));

    // Act
    const allowed = rows.map(({ role }) => ({
      role,
      events: Object.entries(actionOf)
        .filter(([, action]) => mayAct([role], action))
        .map(([event]) => event),
    }));

    // Assess
    expect(rows.map((r) => r.role).sort()).toEqual([BrandRole.Admin, BrandRole.Reviewer].sort());
    expect(rows).toEqual(allowed);
  });
});

describe('an approver entry', () => {
  it('names a person by their subject only, never by a group of the same name', () => {
    fc.assert(
      fc.property(name, name, fc.array(name), (approver, subject, groups) => {
        expect(approverNames(approver, { subject, groups })).toBe(approver === subject);
      }),
    );
  });

  it('names a group as group:<name>, matching the members of that group only', () => {
    fc.assert(
      fc.property(name, name, fc.array(name), (group, subject, groups) => {
        expect(approverNames(`group:${group}`, { subject, groups })).toBe(groups.includes(group));
      }),
    );
  });
});

describe('the caller from verified claims', () => {
  it('reads the groups whether API Gateway flattened them to [a b] or they come as a list', () => {
    fc.assert(
      fc.property(name, fc.uniqueArray(name), (subject, groups) => {
        const claims = { iss: 'https://idp.example.com', sub: subject };

        const flattened = callerFromClaims({ ...claims, 'cognito:groups': `[${groups.join(' ')}]` });
        const listed = callerFromClaims({ ...claims, 'cognito:groups': groups });

        expect(flattened).toEqual({ issuer: 'https://idp.example.com', subject, groups });
        expect(listed).toEqual(flattened);
      }),
    );
  });

  it('uses the configured subject and groups claims', () => {
    const caller = callerFromClaims(
      { iss: 'https://idp', sub: '00u1', email: 'ana@example.com', groups: '[legal]' },
      { subjectClaim: 'email', groupsClaim: 'groups' },
    );

    expect(caller).toEqual({ issuer: 'https://idp', subject: 'ana@example.com', groups: ['legal'] });
  });

  it('refuses claims without a subject', () => {
    expect(() => callerFromClaims({ iss: 'https://idp' })).toThrow(/sub/);
  });
});
