import { spawn } from 'node:child_process';
import { REPO_ROOT } from '../infra/core/repo-root.js';

export interface CommandTiming {
  command: string;
  seconds: number;
  exitCode: number | null;
  /** The last lines of output, to say why a run failed. */
  tail: string;
}

/** Runs a project command from the repository root and times it, output captured. */
export function timeCommand(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<CommandTiming> {
  const start = performance.now();
  return new Promise((done) => {
    const child = spawn(command, args, {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env,
    });
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('close', (exitCode) =>
      done({
        command: [command, ...args].join(' '),
        seconds: (performance.now() - start) / 1000,
        exitCode,
        tail: output.trim().split('\n').slice(-5).join('\n'),
      }),
    );
  });
}
