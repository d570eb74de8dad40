/**
 * The import rules of src/ (CONTRIBUTING.md, "Who may import whom") and a checker that parses every import of a
 * source tree — static `import … from`, `export … from`, type-only imports, `import('…')` calls and
 * `import('…').T` type references — and reports each edge that breaks them.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

/** A folder of src/ that the rules know, or 'top' for the files that may import anything. */
export type Layer =
  | 'core' | 'backends' | 'ops' | 'gradients' | 'graph' | 'data' | 'train' | 'io' | 'layers' | 'nn' | 'summary' | 'keras' | 'onnx' | 'top';

/** What each layer may import besides itself. */
export const ALLOWED: Record<Layer, readonly Layer[]> = {
  core: [],
  backends: ['core'],
  ops: ['core'],
  gradients: ['core', 'ops'],
  graph: ['core', 'ops', 'gradients'],
  data: ['core', 'ops', 'gradients', 'graph'],
  train: ['core', 'ops', 'gradients', 'graph', 'data', 'io'],
  io: ['core', 'ops', 'gradients', 'graph', 'data', 'train'],
  layers: ['core', 'ops', 'gradients', 'graph', 'data', 'train', 'io', 'nn'],
  nn: ['core', 'ops', 'gradients', 'graph', 'data', 'train', 'io', 'layers'],
  // TensorBoard summaries sit above graph/train (summary nodes, GraphDef export); keras callbacks log through it.
  summary: ['core', 'ops', 'gradients', 'graph', 'data', 'train', 'io'],
  keras: ['core', 'ops', 'gradients', 'graph', 'data', 'train', 'io', 'layers', 'nn', 'summary'],
  // ONNX import/export sits above graph and train (it builds graphs; export reads sessions) and above keras
  // (tl.onnx.export traces keras models; model.toOnnxruntime is installed from onnx onto keras' Model).
  onnx: ['core', 'ops', 'gradients', 'graph', 'data', 'train', 'io', 'layers', 'nn', 'keras', 'summary'],
  top: ['core', 'backends', 'ops', 'gradients', 'graph', 'data', 'train', 'io', 'layers', 'nn', 'summary', 'keras', 'onnx'],
};

/** Files at the top: the public index, the browser entry, the composition root, the CLI. */
const TOP_FILES = new Set(['index.ts', 'browser.ts', 'register_all.ts']);

/** The layer of a file given by its path relative to src/ (with '/' separators); null for an unknown folder. */
export function layerOf(srcRelative: string): Layer | null {
  const parts = srcRelative.split('/');
  if (parts.length === 1) return TOP_FILES.has(parts[0]!) ? 'top' : null;
  const folder = parts[0]!;
  if (folder === 'cli') return 'top';
  return folder in ALLOWED && folder !== 'top' ? (folder as Layer) : null;
}

export interface ImportEdge {
  /** The importing file, relative to src/. */
  file: string;
  line: number;
  /** The module specifier as written. */
  specifier: string;
  /** The imported file relative to src/, or null for a package (node:fs, vitest, ...). */
  target: string | null;
}

/** Every import of one source text (specifiers with their 1-based lines). */
export function importsOf(fileName: string, text: string): { specifier: string; line: number }[] {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const out: { specifier: string; line: number }[] = [];
  const add = (lit: ts.Node) => {
    if (!ts.isStringLiteralLike(lit)) return;
    out.push({ specifier: lit.text, line: sf.getLineAndCharacterOfPosition(lit.getStart(sf)).line + 1 });
  };
  const visit = (n: ts.Node): void => {
    if ((ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) && n.moduleSpecifier) add(n.moduleSpecifier);
    else if (ts.isImportEqualsDeclaration(n) && ts.isExternalModuleReference(n.moduleReference)) add(n.moduleReference.expression);
    else if (ts.isCallExpression(n) && n.expression.kind === ts.SyntaxKind.ImportKeyword && n.arguments[0]) add(n.arguments[0]);
    else if (ts.isImportTypeNode(n) && ts.isLiteralTypeNode(n.argument)) add(n.argument.literal);
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

function listTs(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...listTs(p));
    else if (/\.(ts|mts|cts)$/.test(name) && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

const toPosix = (p: string) => p.split(sep).join('/');

/** Every import edge of the .ts files under `srcDir`. Relative specifiers resolve to paths under srcDir. */
export function collectEdges(srcDir: string): ImportEdge[] {
  const root = resolve(srcDir);
  const edges: ImportEdge[] = [];
  for (const abs of listTs(root)) {
    const file = toPosix(relative(root, abs));
    for (const { specifier, line } of importsOf(abs, readFileSync(abs, 'utf8'))) {
      const target = specifier.startsWith('.')
        ? toPosix(relative(root, resolve(dirname(abs), specifier))).replace(/\.js$/, '.ts')
        : null;
      edges.push({ file, line, specifier, target });
    }
  }
  return edges;
}

/** One forbidden edge, as `file:line: message`. */
export interface Violation {
  file: string;
  line: number;
  message: string;
}

/** The edges of `srcDir` that break the rules, in file order. */
export function checkImportRules(srcDir: string): Violation[] {
  const root = resolve(srcDir);
  const out: Violation[] = [];
  // A file outside every known folder would escape the rules: report it even when it imports nothing.
  for (const abs of listTs(root)) {
    const file = toPosix(relative(root, abs));
    if (layerOf(file) === null) out.push({ file, line: 1, message: `'${file}' is in no folder the import rules know (add it to them)` });
  }
  for (const e of collectEdges(srcDir)) {
    const from = layerOf(e.file);
    if (from === null || e.target === null) continue;
    if (e.target.startsWith('../')) {
      out.push({ file: e.file, line: e.line, message: `imports '${e.specifier}' from outside src/` });
      continue;
    }
    const to = layerOf(e.target);
    if (to === from) continue;
    if (to === null || !ALLOWED[from].includes(to)) {
      const may = ALLOWED[from].length ? ALLOWED[from].join(', ') : 'nothing else';
      out.push({
        file: e.file,
        line: e.line,
        message: `${from}/ may not import ${to ?? e.target} ('${e.specifier}'): ${from} may import ${may}`,
      });
    }
  }
  return out.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
}

export function formatViolation(v: Violation): string {
  return `src/${v.file}:${v.line}: ${v.message}`;
}
