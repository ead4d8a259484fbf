import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderEventsDoc } from './events-doc.js';

// `npm run docs:events`: regenerates docs/events.md after a schema change, formatted as the repository formats Markdown.
const file = fileURLToPath(new URL('../../../docs/events.md', import.meta.url));
writeFileSync(file, renderEventsDoc());
execFileSync('npx', ['biome', 'format', '--write', file], { stdio: 'ignore' });
process.stdout.write('docs/events.md written from functions/contract\n');
