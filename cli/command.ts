import type { Connection } from './connection.js';
import type { CliIo } from './io.js';
import type { OptionSpec, ParsedArgs } from './options.js';
import type { Progress } from './progress.js';

/** What a command gets: its parsed arguments, the output streams and the stack's clients. */
export interface CommandContext {
  args: ParsedArgs;
  io: CliIo;
  connection: Connection;
  progress: Progress;
}

/** A command's outcome: `data` is printed as JSON with `--json`, `text` otherwise. */
export interface CommandResult {
  data: unknown;
  text: string;
}

/** One `brandflow <name>` command. */
export interface Command {
  name: string;
  /** `submit <file> [--wait]`; a command that takes nothing but the global options leaves it out. */
  usage?: string;
  summary: string;
  /** Command-specific options and their help lines; a command without any leaves them out. */
  options?: OptionSpec;
  optionsHelp?: string;
  examples?: string[];
  run(context: CommandContext): Promise<CommandResult>;
}

/**
 * The command line a command's help and usage errors show: its usage, or its bare name.
 *
 * @example
 * ```ts
 * usageOf(clockCommand); // 'clock'
 * ```
 */
export function usageOf(command: Command): string {
  return command.usage ?? command.name;
}
