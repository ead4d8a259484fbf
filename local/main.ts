import { runDemo } from './demo.js';
import { serveTwin } from './serve.js';

// `npm run demo` passes --demo: the demo alone, then exit. `npm start` serves the twin.
try {
  if (process.argv.includes('--demo')) await runDemo();
  else await serveTwin();
} catch (error) {
  process.stderr.write(
    `Brandflow local run failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = 1;
}
