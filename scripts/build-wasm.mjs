#!/usr/bin/env node
// Builds the WebAssembly backend: compiles assembly/ with AssemblyScript's asc (SIMD on, -O3, stub runtime: no
// GC) into dist/backends/wasm/tensorlane.wasm, next to the compiled loader, which is where the package ships it
// (the loader also finds it there when running from src/). Not under build/: node-gyp rebuild wipes that.
// Run by `npm run compile` and `npm run prepare` (so `npm ci` builds it).
//
// A failed build must never fail an install: the js backend remains. So this script reports the failure and
// exits 0, unless --strict is given (CI checks and developers who want the error).
import { mkdirSync, existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const strict = process.argv.includes('--strict');
const out = join(root, 'dist', 'backends', 'wasm', 'tensorlane.wasm');

function fail(msg) {
  console.warn(`build-wasm: ${msg}`);
  console.warn('build-wasm: the wasm backend will be unavailable (the js backend remains)');
  process.exit(strict ? 1 : 0);
}

let asc;
try {
  asc = (await import('assemblyscript/asc')).default;
} catch (e) {
  fail(`AssemblyScript is not installed (${e.message.split('\n')[0]}); npm install -D assemblyscript`);
}

mkdirSync(dirname(out), { recursive: true });
const stderr = [];
const { error } = await asc.main(
  ['assembly/index.ts', '--config', 'assembly/asconfig.json', '--target', 'release', '--outFile', out],
  {
    stdout: { write: () => true },
    stderr: { write: (s) => { stderr.push(String(s)); return true; } },
  },
);
if (error) fail(`asc failed: ${error.message}\n${stderr.join('')}`);
if (!existsSync(out)) fail(`asc produced no ${out}`);
// Warnings about v128 in exported signatures of internal helpers are expected; show anything else.
const other = stderr.join('').split(/\n(?=WARNING|ERROR)/).filter((w) => w.trim() && !w.includes('AS112'));
if (other.length) console.warn(other.join('\n'));
console.log(`build-wasm: ${out} (${statSync(out).size} bytes)`);
