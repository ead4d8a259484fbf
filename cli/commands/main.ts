import { InvalidInputError } from '../../functions/domain/errors.js';
import { type Command, usageOf } from '../command.js';
import { connect } from '../connection.js';
import { UsageError } from '../errors.js';
import { type CliIo, processIo } from '../io.js';
import { globalOptionsHelp, parseCommandArgs } from '../options.js';
import { Progress } from '../progress.js';
import { resolveTarget, type Target } from '../target.js';
import { commands } from './index.js';

/** Exit codes: 0 done, 1 failed, 2 the command line or its input is wrong. */
export const ExitCode = { Ok: 0, Failed: 1, BadInput: 2 } as const;

/**
 * Runs one `brandflow` command line and returns its exit code. Output goes to `io.stdout`
 * (text, or JSON with `--json`); progress and errors to `io.stderr` (errors to stdout as JSON
 * with `--json`).
 *
 * @example
 * ```ts
 * process.exitCode = await main(['show', 'spring-launch', '--json']);
 * ```
 */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  const json = argv.includes('--json');
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(`${generalHelp()}\n`);
    return ExitCode.Ok;
  }
  const command = commands.find((c) => c.name === name);
  let target: Target | undefined;
  try {
    if (!command) {
      throw new UsageError(`unknown command "${name}"; commands: ${commands.map((c) => c.name).join(', ')}`);
    }
    const args = parseCommandArgs(rest, command.options ?? {});
    if (args.values.help === true) {
      io.stdout.write(`${commandHelp(command)}\n`);
      return ExitCode.Ok;
    }
    target = resolveTarget(args, io.env);
    const connection = connect(target);
    try {
      const result = await command.run({ args, io, connection, progress: new Progress(io.stderr) });
      io.stdout.write(json ? `${JSON.stringify(result.data, null, 2)}\n` : `${result.text}\n`);
      return ExitCode.Ok;
    } finally {
      connection.close();
    }
  } catch (error) {
    const report = describeError(error, target);
    if (json) io.stdout.write(`${JSON.stringify({ error: report }, null, 2)}\n`);
    else io.stderr.write(`${renderError(report, command)}\n`);
    return error instanceof UsageError || error instanceof InvalidInputError
      ? ExitCode.BadInput
      : ExitCode.Failed;
  }
}

/** An error as the CLI reports it: a name, a message, and for bad input each field and rule. */
export interface ErrorReport {
  name: string;
  message: string;
  problems?: { field: string; rule: string; message: string }[];
}

function describeError(error: unknown, target: Target | undefined): ErrorReport {
  if (error instanceof InvalidInputError) {
    return { name: error.name, message: 'the input breaks these rules', problems: error.problems };
  }
  const code = errorCode(error);
  if (code === 'ECONNREFUSED' && target?.mode === 'local') {
    return {
      name: 'ConnectionRefused',
      message: `cannot reach the local twin at ${target.endpoint} / ${target.dynamoDbEndpoint}: is \`npm start\` running? (or pass --endpoint, --dynamodb-endpoint, --profile)`,
    };
  }
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: 'Error', message: String(error) };
}

function errorCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    const candidate = current as { code?: unknown; errors?: unknown[]; cause?: unknown };
    if (typeof candidate.code === 'string') return candidate.code;
    current = candidate.errors?.[0] ?? candidate.cause;
  }
  return undefined;
}

function renderError(report: ErrorReport, command: Command | undefined): string {
  const lines = [`brandflow: ${report.message}${report.problems ? ':' : ''}`];
  for (const problem of report.problems ?? []) {
    lines.push(`  ${problem.field}: ${problem.message} (rule: ${problem.rule})`);
  }
  if (report.name === 'UsageError' && command) lines.push(`usage: brandflow ${usageOf(command)}`);
  if (report.name === 'UsageError' && !command) lines.push('Run `brandflow --help` for the commands.');
  return lines.join('\n');
}

function generalHelp(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return `brandflow: drive and inspect Brandflow without the console

Usage: brandflow <command> [arguments] [options]

Commands:
${commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

${globalOptionsHelp}

\`brandflow <command> --help\` shows a command's arguments and examples.`;
}

function commandHelp(command: Command): string {
  return [
    `Usage: brandflow ${usageOf(command)}`,
    '',
    command.summary,
    ...(command.optionsHelp ? ['', 'Options:', command.optionsHelp] : []),
    ...(command.examples?.length ? ['', 'Examples:', ...command.examples.map((e) => `  ${e}`)] : []),
    '',
    globalOptionsHelp,
  ].join('\n');
}
