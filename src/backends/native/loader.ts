/**
 * Finds and loads the CPU addon, synchronously. Candidates, in order: the prebuilt binaries shipped in
 * `prebuilds/<platform>-<arch>/` (prebuildify's layout), then a local build (`build/Release`, `build/Debug`);
 * a local build newer than the prebuilds goes first (a developer rebuilt the addon in a checkout).
 * When none loads, the error lists every candidate and why it failed, in one message (tl.info() shows it).
 */
import { createRequire } from 'node:module';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NativeBinding } from './binding.js';

const require = createRequire(import.meta.url);

/** The package root: this file is src/backends/native/loader.ts or dist/backends/native/loader.js. */
export function packageRoot(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
}

const REQUIRED = ['info', 'kernels', 'run', 'runAsync', 'setNumThreads', 'alignmentOf'] as const;

/** Every file the loader would try, in order. */
export function nativeCandidates(root = packageRoot()): { file: string; missing?: string }[] {
  const out: { file: string; missing?: string }[] = [];
  const tag = `${process.platform}-${process.arch}`;
  const dir = join(root, 'prebuilds', tag);
  if (existsSync(dir)) {
    // Node-API builds first (one binary for every Node and Electron version).
    const files = readdirSync(dir).filter((f) => f.endsWith('.node')).sort((a, b) => Number(b.includes('napi')) - Number(a.includes('napi')));
    if (files.length === 0) out.push({ file: dir, missing: 'no .node file in it' });
    for (const f of files) out.push({ file: join(dir, f) });
  } else {
    out.push({ file: dir, missing: `no prebuilt binary for ${tag}` });
  }
  for (const cfg of ['Release', 'Debug']) {
    const f = join(root, 'build', cfg, 'tensorlane.node');
    out.push(existsSync(f) ? { file: f } : { file: f, missing: 'not built (npm install builds it when a C++ compiler is present)' });
  }
  // A developer who rebuilt the addon in a checkout that also has prebuilds wants the fresh build: move a
  // local build newer than every prebuild to the front.
  const mtime = (f: string) => { try { return statSync(f).mtimeMs; } catch { return 0; } };
  const pre = out.filter((c) => !c.missing && c.file.startsWith(dir));
  const local = out.find((c) => !c.missing && !c.file.startsWith(dir));
  if (local && pre.length > 0 && pre.every((c) => mtime(local.file) > mtime(c.file))) {
    out.splice(out.indexOf(local), 1);
    out.unshift(local);
  }
  return out;
}

/** Loads the addon or throws an Error whose message lists every failed candidate. */
export function loadNativeBinding(root = packageRoot()): { binding: NativeBinding; file: string } {
  const failures: string[] = [];
  for (const c of nativeCandidates(root)) {
    if (c.missing) {
      failures.push(`${c.file}: ${c.missing}`);
      continue;
    }
    try {
      const m = require(c.file) as Partial<NativeBinding>;
      const lacking = REQUIRED.filter((k) => typeof m[k] !== 'function');
      if (lacking.length > 0) {
        failures.push(`${c.file}: not a compatible tensorlane addon (missing ${lacking.join(', ')}); rebuild it`);
        continue;
      }
      return { binding: m as NativeBinding, file: c.file };
    } catch (e) {
      failures.push(`${c.file}: ${((e as Error).message ?? String(e)).split('\n')[0]}`);
    }
  }
  throw new Error(`native backend unavailable: ${failures.join('; ')}`);
}
