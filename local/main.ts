import { runDemo } from './demo.js';

try {
  await runDemo();
} catch (error) {
  process.stderr.write(
    `Brandflow local run failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = 1;
}
