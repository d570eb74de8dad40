#!/usr/bin/env node
/**
 * `npm install` hook: makes the native CPU addon available when it can, and never fails the install.
 *
 * 1. TL_SKIP_NATIVE_BUILD=1 (or TL_DISABLE_NATIVE=1): do nothing.
 * 2. A prebuilt binary for this platform (prebuilds/<platform>-<arch>/*.node) that loads: use it, build nothing.
 * 3. Otherwise build from source with node-gyp (the devDependency in a checkout, npm's bundled copy when
 *    installed as a dependency) and check that the result loads.
 * On any failure (no compiler, no headers, a broken build) it prints one line saying why and exits 0: the
 * engine then records the reason for tl.info() and runs on the wasm/js backends. TL_VERBOSE_INSTALL=1 prints
 * the full compiler output.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const env = process.env;
const verbose = !!env.TL_VERBOSE_INSTALL && env.TL_VERBOSE_INSTALL !== '0';
const say = (msg) => console.log(`tensorlane: ${msg}`);

/** Loads a .node file in a child process (a crash there cannot take the install down). */
function loads(file) {
  const r = spawnSync(process.execPath, ['-e', `const b = require(${JSON.stringify(file)}); if (typeof b.run !== 'function' || !b.kernels().some((k) => k.name === 'MatMul')) process.exit(3); console.log(b.info().isa)`], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  return r.status === 0 ? { ok: true, isa: r.stdout.trim() } : { ok: false, why: (r.stderr || r.error?.message || `exit ${r.status}`).trim().split('\n')[0] };
}

function nodeGypCommand() {
  try {
    return [process.execPath, require.resolve('node-gyp/bin/node-gyp.js')];
  } catch {}
  if (env.npm_config_node_gyp && existsSync(env.npm_config_node_gyp)) return [process.execPath, env.npm_config_node_gyp];
  return [process.platform === 'win32' ? 'node-gyp.cmd' : 'node-gyp'];
}

/**
 * node-gyp needs the Node.js headers. Use the ones installed next to this node binary (distribution
 * packages and official tarballs ship them in <prefix>/include/node) so the install downloads nothing;
 * otherwise node-gyp uses its cache or npm's nodedir setting.
 */
function nodedirArgs() {
  if (env.npm_config_nodedir) return [];
  const prefix = resolve(dirname(process.execPath), '..');
  return existsSync(join(prefix, 'include', 'node', 'node_api.h')) ? [`--nodedir=${prefix}`] : [];
}

/** The most telling line of a failed build log. */
function reason(log) {
  if (/headers\.tar\.gz|ENOTFOUND|EAI_AGAIN/.test(log)) return 'the Node.js headers are not installed and could not be downloaded';
  if (/not found: (make|python)|Could not find any Python|command not found|: not found/i.test(log)) {
    const l = log.split('\n').find((x) => /not found|Could not find any Python/i.test(x));
    return `build tools missing: ${(l ?? '').replace(/^gyp ERR! (stack )?/, '').trim().slice(0, 200)}`;
  }
  const noTool = log.split('\n').find((x) => /^make(\[\d+\])?: .*: (No such file or directory|command not found)/.test(x.trim()));
  if (noTool) return `no C++ compiler (${noTool.trim().replace(/^make(\[\d+\])?: /, '').slice(0, 200)})`;
  const lines = log.split('\n').map((l) => l.trim()).filter(Boolean);
  const pick =
    lines.find((l) => /\berror\b:/i.test(l) && !/^gyp/.test(l)) ??
    lines.find((l) => /^gyp ERR! (stack )?Error:/.test(l)) ??
    lines.find((l) => /not found|ENOENT|command not found/i.test(l)) ??
    lines.filter((l) => /^gyp ERR!/.test(l))[0] ??
    lines[lines.length - 1];
  return (pick ?? 'unknown error').replace(/^gyp ERR! (stack )?/, '').slice(0, 300);
}

function main() {
  if ((env.TL_SKIP_NATIVE_BUILD && env.TL_SKIP_NATIVE_BUILD !== '0') || (env.TL_DISABLE_NATIVE && env.TL_DISABLE_NATIVE !== '0')) {
    say('native addon build skipped (TL_SKIP_NATIVE_BUILD / TL_DISABLE_NATIVE)');
    return;
  }
  const pre = join(root, 'prebuilds', `${process.platform}-${process.arch}`);
  if (existsSync(pre)) {
    for (const f of readdirSync(pre).filter((x) => x.endsWith('.node'))) {
      const r = loads(join(pre, f));
      if (r.ok) {
        say(`using the prebuilt native CPU addon (${process.platform}-${process.arch}, ${r.isa})`);
        return;
      }
      if (verbose) say(`prebuild ${f} does not load: ${r.why}`);
    }
  }
  if (!existsSync(join(root, 'binding.gyp'))) {
    say('native addon not built (binding.gyp missing); the wasm/js backends will be used');
    return;
  }
  const [cmd, ...args] = nodeGypCommand();
  const r = spawnSync(cmd, [...args, 'rebuild', '--jobs=max', ...nodedirArgs()], {
    cwd: root,
    encoding: 'utf8',
    stdio: verbose ? 'inherit' : 'pipe',
    timeout: 15 * 60_000,
    maxBuffer: 64 * 1024 * 1024,
    shell: process.platform === 'win32',
  });
  if (r.status !== 0) {
    const why = r.error ? r.error.message : reason(`${r.stdout ?? ''}\n${r.stderr ?? ''}`);
    say(`native addon not built (${why}); the wasm/js backends will be used. TL_VERBOSE_INSTALL=1 shows the build log.`);
    return;
  }
  const built = join(root, 'build', 'Release', 'tensorlane.node');
  const l = loads(built);
  if (l.ok) say(`built the native CPU addon (${l.isa})`);
  else say(`native addon built but does not load (${l.why}); the wasm/js backends will be used`);
}

try {
  main();
} catch (e) {
  say(`native addon not built (${e?.message ?? e}); the wasm/js backends will be used`);
}
process.exit(0);
