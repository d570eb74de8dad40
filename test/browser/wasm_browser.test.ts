/**
 * The browser bundle (scripts/build-browser.mjs) in headless Chromium: the page loads tensorlane.js and
 * tensorlane.wasm from a local server on 127.0.0.1, trains a small MLP a few steps on the wasm backend, and
 * its losses must equal those of the same run in Node on the wasm backend (same module, same values) to 1e-5.
 *
 * Needs Debian's chromium at /usr/bin/chromium (.ci/run installs it). Skipped only when chromium is absent
 * outside CI; in CI (process.env.CI) it always runs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import * as tl from '../../src/index.js';
import { trainMlp } from './mlp_train.js';

const CHROMIUM = '/usr/bin/chromium';
const runIt = existsSync(CHROMIUM) || !!process.env.CI;
const here = fileURLToPath(new URL('.', import.meta.url));

const MIME: Record<string, string> = {
  '.html': 'text/html', '.js': 'text/javascript', '.map': 'application/json', '.wasm': 'application/wasm',
};

describe.skipIf(!runIt)('browser bundle in headless Chromium', () => {
  let dir = '';
  let server: Server | undefined;
  let url = '';
  let stubbed: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tl-browser-'));
    const { buildBrowserBundle } = (await import('../../scripts/build-browser.mjs' as string)) as {
      buildBrowserBundle(outdir: string): Promise<{ stubbedBuiltins: string[] }>;
    };
    stubbed = (await buildBrowserBundle(dir)).stubbedBuiltins;
    await build({
      entryPoints: [join(here, 'page.ts')],
      bundle: true, format: 'esm', platform: 'browser', target: 'es2022', outfile: join(dir, 'page.js'), logLevel: 'warning',
      external: ['./tensorlane.js'],
    });
    writeFileSync(join(dir, 'index.html'), '<!doctype html><meta charset="utf-8"><title>tensorlane</title><script type="module" src="./page.js"></script>\n');
    server = createServer((req, res) => {
      const p = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
      const file = join(dir, p === '/' ? 'index.html' : p);
      if (!file.startsWith(dir) || !existsSync(file)) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
    });
    await new Promise<void>((ok) => server!.listen(0, '127.0.0.1', ok));
    const addr = server.address();
    url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/`;
  });

  afterAll(async () => {
    await new Promise<void>((ok) => (server ? server.close(() => ok()) : ok()));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the bundle has no node: imports on its path except stubs of file I/O builtins', () => {
    // Only file-system, process and Node-only package code may be stubbed (the page below fails if any is reached).
    const allowed = ['node:fs', 'node:fs/promises', 'node:path', 'node:zlib', 'node:url', 'node:module', 'node:os', 'node:crypto', 'node:events', 'node:stream', 'node:util', 'node:buffer',
      'cli-progress', 'csv-parse', 'pngjs', 'commander', 'util', 'stream', 'zlib', 'events', 'assert', 'readline', 'fs', 'path', 'os', 'buffer', 'crypto', 'child_process'];
    for (const s of stubbed) expect(allowed).toContain(s);
  });

  it('trains an MLP on wasm in Chromium with the same losses as Node (1e-5)', async () => {
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    let inBrowser: { losses: number[]; backend: string };
    try {
      const page = await browser.newPage();
      const logs: string[] = [];
      page.on('console', (m) => logs.push(`${m.type()}: ${m.text()}`));
      page.on('pageerror', (e) => logs.push(`pageerror: ${e.message}`));
      await page.goto(url);
      await page.waitForFunction(() => {
        const w = globalThis as unknown as { __result?: unknown; __error?: string };
        return w.__result !== undefined || w.__error !== undefined;
      }, undefined, { timeout: 60_000 });
      const out = await page.evaluate(() => {
        const w = globalThis as unknown as { __result?: unknown; __error?: string };
        return { result: w.__result, error: w.__error };
      });
      if (out.error) throw new Error(`in the browser: ${out.error}\n${logs.join('\n')}`);
      inBrowser = out.result as { losses: number[]; backend: string };
    } finally {
      await browser.close();
    }
    expect(inBrowser.backend).toBe('wasm');
    const prev = tl.getBackend();
    const inNode = await trainMlp(tl);
    await tl.setBackend(prev);
    expect(inNode.backend).toBe('wasm');
    expect(inBrowser.losses.length).toBe(inNode.losses.length);
    inNode.losses.forEach((l, i) => expect(Math.abs(inBrowser.losses[i]! - l), `step ${i}: ${inBrowser.losses[i]} vs ${l}`).toBeLessThanOrEqual(1e-5));
    // The run learns: the last loss is below the first.
    expect(inNode.losses[inNode.losses.length - 1]!).toBeLessThan(inNode.losses[0]!);
  }, 120_000);
});
