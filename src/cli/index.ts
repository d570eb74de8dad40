/**
 * The `tensorlane` command: `info`, `bench`, `run`, `convert`, `demo`; `--help` on each, `--version`. `main`
 * returns the exit code; errors go to stderr as `tensorlane <command>: message`.
 */
import { Command, CommanderError } from 'commander';
import { TensorlaneError } from '../core/errors.js';
import { VERSION } from '../core/info.js';
import type { Out } from './commands.js';

// The engine and its backends load only when a command runs: --help, --version and usage errors stay instant.
const commands = () => import('./commands.js');

export interface Streams {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

const PROCESS_STREAMS: Streams = { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s) };

export async function main(argv: string[], streams: Streams = PROCESS_STREAMS): Promise<number> {
  const out: Out = { log: (line) => streams.stdout(line + '\n') };
  let code = 0;
  const program = new Command('tensorlane')
    .description('tensorlane: a machine-learning engine for Node.js (TF 1.x-style graphs, eager ops, native/wasm/js backends)')
    .version(VERSION, '-v, --version', 'print the version')
    .exitOverride()
    .showSuggestionAfterError()
    .configureOutput({ writeOut: streams.stdout, writeErr: streams.stderr });
  program.command('info')
    .description('version, backends present (and why one is missing), CPU features, threads')
    .option('--json', 'print a JSON report')
    .action(async (opts: { json?: boolean }) => (await commands()).infoCommand(out, opts));
  program.command('bench')
    .description('run the benchmark suite (scripts/bench/run.ts; from a source checkout only)')
    .argument('[args...]', 'passed to the suite: --json, --only mm256,mm1024, --repeat N')
    .allowUnknownOption()
    .helpOption('-h, --help')
    .action(async (args: string[]) => {
      code = await (await commands()).benchCommand(out, args);
    });
  program.command('run')
    .description('run an ONNX model on inputs from .npy or .json files')
    .argument('<model>', 'the .onnx file')
    .option('-i, --input <name=file...>', 'an input: name=file.npy or name=file.json (repeatable)')
    .option('-o, --output <path>', 'out.json for one JSON file, or a directory for one .npy per output (default: JSON on stdout)')
    .action(async (model: string, opts: { input?: string[]; output?: string }) => (await commands()).runCommand(out, model, opts));
  program.command('convert')
    .description('convert a Keras saved-model directory to ONNX, or an ONNX model to a Keras saved-model directory')
    .argument('<source>', 'a Keras saved-model directory, or an .onnx file')
    .argument('<target>', 'the .onnx file to write (Keras → ONNX), or the directory to save the Keras model in (ONNX → Keras)')
    .option('--opset <n>', 'ONNX opset version (Keras → ONNX)')
    .action(async (src: string, dst: string, opts: { opset?: string }) => (await commands()).convertCommand(out, src, dst, opts));
  program.command('demo')
    .description('train logistic regression on the bundled digits and print the test accuracy')
    .option('--epochs <n>', 'training epochs (default 30)')
    .action(async (opts: { epochs?: string }) => {
      code = await (await commands()).demoCommand(out, opts);
    });

  let current = 'tensorlane';
  program.hook('preAction', (_p, action) => {
    current = `tensorlane ${action.name()}`;
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (e) {
    // commander has printed its own message (unknown command, missing argument); help and version exit 0.
    if (e instanceof CommanderError) return e.exitCode;
    if (e instanceof TensorlaneError || (e as Error)?.name === 'CliError') {
      streams.stderr(`${current}: ${(e as Error).message}\n`);
      return 2;
    }
    streams.stderr(`${current}: ${(e as Error)?.stack ?? String(e)}\n`);
    return 1;
  }
}
