#!/usr/bin/env node
// Bundles tensorlane for browsers (and Electron renderers) with esbuild: ESM, the js and wasm backends, and
// tensorlane.wasm copied next to the bundle (the loader fetches it from there).
//
// Node-only code stays out of the browser path: the native backend's registration is replaced by a stub that
// records "not available in browsers" (its loader calls createRequire at import), and the `node:` builtins used
// by file I/O (Saver, safetensors, bundled data sets), and the Node-only packages listed in NODE_ONLY, resolve
// to stubs that throw a clear error if called.
// The build reports which builtins were stubbed; test/browser/ runs the bundle in Chromium, which fails if
// any stub is reached while tensorlane initializes or trains.
//
// Usage: node scripts/build-browser.mjs [outdir]   (default dist/browser)
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const NODE_ONLY = /^(cli-progress|csv-parse|pngjs|commander|util|stream|zlib|events|assert|readline|fs|path|os|buffer|crypto|child_process)$/;

const browserStubs = {
  name: 'tensorlane-browser-stubs',
  setup(b) {
    b.onResolve({ filter: /register\.js$/ }, (args) => {
      const full = resolve(args.resolveDir, args.path).replace(/\\/g, '/');
      return full.endsWith('/backends/native/register.js') ? { path: 'native-register', namespace: 'tl-stub' } : undefined;
    });
    b.onResolve({ filter: /^node:/ }, (args) => ({ path: args.path, namespace: 'tl-node-stub' }));
    // Node-only packages (terminal progress bars, the CSV stream parser, PNG encoding, the CLI's argument parser)
    // and the bare builtins they require: stubbed like the node: builtins, so the features that need them
    // (Keras progress bars on a TTY, tl.data.csv, tl.io.encodePng, the command) throw a clear error if used.
    b.onResolve({ filter: NODE_ONLY }, (args) => ({ path: args.path, namespace: 'tl-node-stub' }));
    b.onLoad({ filter: /.*/, namespace: 'tl-stub' }, () => ({
      contents: `import { ENGINE } from ${JSON.stringify(join(root, 'src/core/engine.ts'))};
export const NATIVE_PRIORITY = 3;
export function nativeBinding() { return null; }
export function registerNativeBackend() {
  ENGINE.markBackendMissing('native', 'the native addon is not available in browsers', NATIVE_PRIORITY);
}`,
      loader: 'ts',
      resolveDir: root,
    }));
    b.onLoad({ filter: /.*/, namespace: 'tl-node-stub' }, (args) => ({
      // CommonJS, so any named import resolves (to a function that throws when called).
      contents: `const fail = (name) => function () { throw new Error(${JSON.stringify(args.path)} + '.' + String(name) + ' is not available in the browser build of tensorlane'); };
module.exports = new Proxy({}, { get: (_, k) => (k === '__esModule' ? false : fail(k)) });`,
      loader: 'js',
    }));
  },
};

/** Builds the bundle into outdir; returns the paths of the bundle and the wasm file. */
export async function buildBrowserBundle(outdir = join(root, 'dist', 'browser')) {
  mkdirSync(outdir, { recursive: true });
  const wasmSrc = join(root, 'dist', 'backends', 'wasm', 'tensorlane.wasm');
  if (!existsSync(wasmSrc)) throw new Error(`build-browser: ${wasmSrc} is missing; run npm run build:wasm first`);
  const outfile = join(outdir, 'tensorlane.js');
  const res = await build({
    entryPoints: [join(root, 'src', 'browser.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    outfile,
    sourcemap: true,
    metafile: true,
    logLevel: 'warning',
    // process.env is read for TL_* switches in Node; browsers have none.
    define: { 'process.env': '{}' },
    plugins: [browserStubs],
  });
  const wasm = join(outdir, 'tensorlane.wasm');
  copyFileSync(wasmSrc, wasm);
  const stubbed = Object.keys(res.metafile.inputs).filter((p) => p.startsWith('tl-node-stub:'));
  return { bundle: outfile, wasm, stubbedBuiltins: stubbed.map((p) => p.slice('tl-node-stub:'.length)) };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const r = await buildBrowserBundle(process.argv[2] ? resolve(process.argv[2]) : undefined);
  console.log(`build-browser: ${r.bundle} and ${r.wasm}; node builtins stubbed: ${r.stubbedBuiltins.join(', ') || 'none'}`);
}
