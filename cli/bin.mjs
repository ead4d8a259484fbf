#!/usr/bin/env node
// The `brandflow` command. The project ships TypeScript without a build step: tsx compiles
// the CLI's modules as they load, so `npx brandflow` works right after `npm ci`.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./commands/main.ts');
process.exitCode = await main(process.argv.slice(2));
