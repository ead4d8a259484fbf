import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApiRoutes } from '../../functions/contract/api-routes.js';
import { OutboundEvent } from '../../functions/domain/events.js';
import {
  type FunctionAccess,
  FunctionAccessByRole,
  type FunctionRole,
} from '../../infra/core/function-access.js';
import {
  handlerEntry,
  InboundHandlerFiles,
  LifecycleHandlerFiles,
  ScheduledHandlerFiles,
} from '../../infra/core/handler-catalog.js';
import { REPO_ROOT } from '../../infra/core/repo-root.js';

/** The source of a module without its comments (the TypeDoc examples call what the code may not). */
function code(path: string): string {
  return readFileSync(path, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/^\s*\/\/.*$/gm, '');
}

const CONTRACT_DIR = join(REPO_ROOT, 'functions/contract/');

/** Every repository module a handler imports, directly or not, statically or at first use (type-only imports left out). */
function importClosure(entry: string): string[] {
  const seen = new Set<string>();
  const visit = (path: string) => {
    if (seen.has(path)) return;
    seen.add(path);
    for (const [, specifier] of code(path).matchAll(/^import (?!type )[^;]*?from '(\.[^']+)\.js';/gm)) {
      visit(resolve(dirname(path), `${specifier}.ts`));
    }
    // Modules loaded at first use (`await import()`) run in the function too.
    for (const [, specifier] of code(path).matchAll(/\bimport\(\s*'(\.[^']+)\.js'\s*\)/g)) {
      visit(resolve(dirname(path), `${specifier}.ts`));
    }
  };
  visit(join(REPO_ROOT, entry));
  return [...seen];
}

/** What the code of a handler and its imports calls: the part of {@link FunctionAccess} read from code. */
function calledBy(entry: string) {
  const modules = importClosure(entry);
  const sources = modules.map(code);
  // The contract names every event to describe it; a module emits only the events it names outside it.
  const emitters = modules.filter((path) => !path.startsWith(CONTRACT_DIR)).map(code);
  const calls = (name: string) =>
    sources.some((source) => new RegExp(`(?<!function )\\b${name}\\(`).test(source));
  const emitted = new Set(
    emitters.flatMap((source) =>
      [...source.matchAll(/OutboundEvent\.(\w+)/g)].map((match) => match[1] as string),
    ),
  );
  return {
    emits: Object.entries(OutboundEvent)
      .filter(([key]) => emitted.has(key))
      .map(([, detailType]) => detailType)
      .sort(),
    lifecycle: [
      ...(calls('startLifecycle') ? ['states:StartExecution'] : []),
      ...(calls('succeedTask') ? ['states:SendTaskSuccess'] : []),
      ...(calls('failTask') ? ['states:SendTaskFailure'] : []),
    ],
    schedulesRounds: calls('createRoundSchedule') || calls('createFeedbackCheckSchedule'),
    schedulesReports: calls('putReportSchedule'),
    channelSecrets: calls('secretsManagerCredentials'),
    accountBindings: calls('secretsManagerBindings'),
    reports: calls('putReportObject'),
    reportLinks: calls('presignReportDownload'),
  };
}

const entries: [FunctionRole, string][] = [
  ...(Object.entries(LifecycleHandlerFiles) as [FunctionRole, string][]),
  ...(Object.entries(InboundHandlerFiles) as [FunctionRole, string][]),
  ...(Object.entries(ApiRoutes) as [FunctionRole, string][]),
  ...(Object.entries(ScheduledHandlerFiles) as [FunctionRole, string][]),
].map(([role, file]) => [role, handlerEntry(file)]);

describe('the access table', () => {
  it.each(entries)('lists what %s calls, read from %s and its imports', (role, entry) => {
    // Prepare
    const access: FunctionAccess = FunctionAccessByRole[role];

    // Act
    const called = calledBy(entry);

    // Assess
    expect([...access.emits].sort(), `${relative(REPO_ROOT, entry)}: detail types`).toEqual(called.emits);
    expect([...(access.lifecycle ?? [])].sort(), 'Step Functions calls').toEqual(
      [...called.lifecycle].sort(),
    );
    expect(Boolean(access.schedulesRounds), 'creates schedules').toBe(called.schedulesRounds);
    expect(Boolean(access.schedulesReports), 'keeps report schedules').toBe(called.schedulesReports);
    expect(
      access.channelSecrets !== undefined && access.channelSecrets !== 'describe',
      'reads channel secrets',
    ).toBe(called.channelSecrets);
    expect(access.channelSecrets !== undefined, 'reads account bindings').toBe(called.accountBindings);
    expect(access.reports === 'write', 'puts report objects').toBe(called.reports);
    expect(access.reports === 'read', 'presigns report links').toBe(called.reportLinks);
  });
});
