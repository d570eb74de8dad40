#!/usr/bin/env node
/**
 * `npm run prebuild:all` (also `prepack`): builds the prebuilt binaries the npm package ships, with prebuildify
 * (Node-API, so one binary per platform serves every Node and Electron version):
 *   prebuilds/linux-x64    on an x86-64 Linux host, with its own compiler;
 *   prebuilds/linux-arm64  cross-built with the aarch64 toolchain (apt-get install g++-aarch64-linux-gnu); the
 *                          x86 ISA files are left out (binding.gyp decides by target_arch, not the host).
 * Other hosts build their own platform only. macOS and Windows users build from source at install until a
 * machine for them exists.
 *
 * A platform this host cannot build is an error when it is listed in TL_PREBUILD_REQUIRE (comma-separated,
 * e.g. `linux-x64,linux-arm64`: what a release must contain; `npm pack` sets none by default and says what it
 * left out). `--require a,b` does the same.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const argv = process.argv.slice(2);
const reqArg = argv.indexOf('--require');
const required = new Set(
  (reqArg >= 0 ? argv[reqArg + 1] ?? '' : process.env.TL_PREBUILD_REQUIRE ?? '').split(',').map((s) => s.trim()).filter(Boolean),
);

const onPath = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).status === 0;

/** node-gyp needs Node's headers: those installed next to this node binary when present (no download). */
function nodedir() {
  if (process.env.npm_config_nodedir) return process.env.npm_config_nodedir;
  const prefix = resolve(dirname(process.execPath), '..');
  return existsSync(join(prefix, 'include', 'node', 'node_api.h')) ? prefix : undefined;
}

const CROSS = {
  arm64: {
    CC: 'aarch64-linux-gnu-gcc', CXX: 'aarch64-linux-gnu-g++', LINK: 'aarch64-linux-gnu-g++', AR: 'aarch64-linux-gnu-ar',
    PREBUILD_STRIP_BIN: 'aarch64-linux-gnu-strip',
  },
};

/** The platform-arch pairs this host can build, with the environment for each. */
function targets() {
  const list = [{ arch: process.arch, env: {} }];
  if (process.platform === 'linux' && process.arch === 'x64') list.push({ arch: 'arm64', env: CROSS.arm64, needs: CROSS.arm64.CXX });
  return list;
}

const prebuildify = require.resolve('prebuildify/bin.js');
const built = [];
const problems = [];
for (const t of targets()) {
  const name = `${process.platform}-${t.arch}`;
  if (t.needs && !onPath(t.needs)) {
    problems.push(`${name}: ${t.needs} not found (apt-get install g++-aarch64-linux-gnu)`);
    continue;
  }
  const dir = nodedir();
  // node-gyp reads npm_config_nodedir: headers from this Node's install, never a download.
  const env = { ...process.env, ...t.env, ...(dir ? { npm_config_nodedir: dir } : {}) };
  const r = spawnSync(process.execPath, [prebuildify, '--napi', '--strip', '--arch', t.arch], { cwd: root, stdio: 'inherit', env });
  const out = join(root, 'prebuilds', name);
  if (r.status === 0 && existsSync(out) && readdirSync(out).some((f) => f.endsWith('.node'))) built.push(name);
  else problems.push(`${name}: prebuildify exited with ${r.status}`);
}
console.log(`prebuild-all: built ${built.join(', ') || 'nothing'}`);
for (const p of problems) console.log(`prebuild-all: not built: ${p}`);
const missing = [...required].filter((n) => !built.includes(n));
if (missing.length > 0) {
  console.error(`prebuild-all: required prebuilds missing: ${missing.join(', ')}`);
  process.exit(1);
}
