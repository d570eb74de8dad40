/**
 * Packaging: `npm pack` with a prebuilt binary (prebuildify), installed into a fresh project whose PATH has no
 * C++ compiler, runs a matmul on the native backend; and without the prebuild the install script prints one
 * line and exits 0, leaving the reason in tl.info(). Everything happens in temp copies (the checkout's build/
 * and prebuilds/ are untouched). The install runs offline with an empty npm cache of its own: the package's runtime
 * dependencies are packed from the checkout's node_modules and given to the consumer as local tarballs, so the
 * test never depends on what npm's cache happens to hold (`npm ci` on a new machine fills it with tarballs only,
 * without the registry metadata an offline install of a semver range needs).
 */
import { describe, it, expect } from 'vitest';
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tl from '../../src/index.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const hasNative = tl.backends().includes('native');
const hasDist = existsSync(join(root, 'dist', 'index.js'));

function run(cmd: string, args: string[], opts: SpawnSyncOptions): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 240_000, ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return String(r.stdout);
}

/** A PATH holding links to everything on the current PATH except C/C++ compilers. */
function pathWithoutCompilers(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const compiler = /^(g\+\+|c\+\+|gcc|cc|clang|clang\+\+|cpp|[\w-]*-(g\+\+|gcc|c\+\+))([-.\d]*)$/;
  for (const d of (process.env.PATH ?? '').split(delimiter)) {
    if (!d || !existsSync(d)) continue;
    for (const f of readdirSync(d)) {
      if (compiler.test(f) || existsSync(join(dir, f))) continue;
      try { symlinkSync(join(d, f), join(dir, f)); } catch { /* name clash or unreadable: skip */ }
    }
  }
  return dir;
}

// Needs the compiled dist/ (npm ci's prepare step builds it) and a working native build to prebuildify.
describe.skipIf(!hasNative || !hasDist)('native packaging', () => {
  it('npm pack + install without a compiler runs matmul on native; without a prebuild the install still succeeds', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'tl-pack-'));
    try {
      // 1. A copy of the package sources, with `npm run prebuild` (prebuildify) run there.
      const pkg = join(tmp, 'pkg');
      mkdirSync(pkg);
      for (const f of ['package.json', 'binding.gyp', 'native', 'dist', 'scripts/install-native.mjs']) cpSync(join(root, f), join(pkg, f), { recursive: true });
      symlinkSync(join(root, 'node_modules'), join(pkg, 'node_modules'));
      run('npm', ['run', 'prebuild'], { cwd: pkg });
      expect(readdirSync(join(pkg, 'prebuilds', `${process.platform}-${process.arch}`)).some((f) => f.endsWith('.node'))).toBe(true);
      const tgz = run('npm', ['pack', '--ignore-scripts', '--pack-destination', tmp], { cwd: pkg }).trim().split('\n').pop()!;

      // 2. A consumer project, installed offline from an empty cache with no compiler reachable. tensorlane's
      //    runtime dependencies come as tarballs packed from our node_modules, listed in the consumer's own
      //    package.json, so npm resolves every range locally. (npm 11 skips dependency install scripts unless
      //    approved; older npm runs ours, which finds the prebuild. Either way: no build.)
      const PATH = pathWithoutCompilers(join(tmp, 'bin'));
      const env = {
        ...process.env, PATH, HOME: join(tmp, 'home'), npm_config_cache: join(tmp, 'npm-cache'), npm_config_offline: 'true',
        npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false',
      };
      mkdirSync(env.HOME);
      const deps = join(tmp, 'deps');
      mkdirSync(deps);
      const runtimeDeps = Object.keys(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).dependencies ?? {});
      const local: Record<string, string> = {};
      for (const d of runtimeDeps) {
        const file = run('npm', ['pack', join(root, 'node_modules', d), '--ignore-scripts', '--pack-destination', deps], { cwd: deps, env }).trim().split('\n').pop()!;
        local[d] = `file:${join(deps, file)}`;
      }
      const proj = join(tmp, 'proj');
      mkdirSync(proj);
      writeFileSync(join(proj, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', type: 'module', private: true, dependencies: local }));
      run('npm', ['install', join(tmp, tgz), '--foreground-scripts'], { cwd: proj, env });
      writeFileSync(join(proj, 'run.mjs'), `
        import * as tl from 'tensorlane';
        await tl.ready();
        const c = tl.matMul(tl.tensor([[1, 2], [3, 4]]), tl.tensor([[5, 6], [7, 8]]));
        const n = tl.info().backends.find((b) => b.name === 'native');
        console.log(JSON.stringify({ on: c.dataId.backend.name, c: Array.from(c.dataSync()), binary: n.details?.binary ?? null, reason: n.reason ?? null }));
      `);
      const out1 = JSON.parse(run(process.execPath, ['run.mjs'], { cwd: proj, env }).trim().split('\n').pop()!);
      expect(out1.on).toBe('native');
      expect(out1.c).toEqual([19, 22, 43, 50]);
      expect(out1.binary).toMatch(/prebuilds/);

      // 3. No prebuild and no compiler: the install script says why in one line and exits 0.
      const installed = join(proj, 'node_modules', 'tensorlane');
      rmSync(join(installed, 'prebuilds'), { recursive: true, force: true });
      const r = spawnSync(process.execPath, ['scripts/install-native.mjs'], { cwd: installed, env, encoding: 'utf8', timeout: 240_000 });
      expect(r.status).toBe(0);
      const lines = r.stdout.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^tensorlane: native addon not built \(.+\); the wasm\/js backends will be used/);
      const out2 = JSON.parse(run(process.execPath, ['run.mjs'], { cwd: proj, env }).trim().split('\n').pop()!);
      expect(out2.on).not.toBe('native');
      expect(out2.c).toEqual([19, 22, 43, 50]);
      expect(out2.reason).toMatch(/no prebuilt binary.*not built/);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }, 600_000);
});
