#!/usr/bin/env node
// The `tensorlane` command. An installed package runs the compiled dist/cli; a source checkout (src/ present,
// tsx installed) runs src/cli through tsx so no build step is needed while developing.
import { existsSync } from 'node:fs';

const src = new URL('../src/cli/index.ts', import.meta.url);
const dist = new URL('../dist/cli/index.js', import.meta.url);

let entry = dist;
if (existsSync(src)) {
  try {
    const { register } = await import('tsx/esm/api');
    register();
    entry = src;
  } catch {
    // no tsx: fall back to dist (a checkout after `npm run compile`)
  }
}
if (!existsSync(entry)) {
  process.stderr.write('tensorlane: dist/cli/index.js is missing; run `npm run compile` (or install tsx to run from src)\n');
  process.exit(1);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
