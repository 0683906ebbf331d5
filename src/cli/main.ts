import { UserError } from '../util/errors.js';
import { VERSION } from '../version.js';
import type { CliIO } from './io.js';
import { nearest } from '../util/suggest.js';

export const HELP = `ml-test-gate ${VERSION}: a CI gate for ML repositories, scored on Google's ML Test Score.

Usage: ml-test-gate <command> [options]

Commands:
  init          scan this repository for evidence, write a starter config and workflow
  run           evaluate the gate from the config file (see: ml-test-gate run --help)
  explain       what a report says, and every next step that would raise the score
  metrics       compute metrics with confidence intervals from a prediction file
  snapshot      profile CSV/TSV/JSON Lines data into a snapshot (types, presence, statistics)
  infer-schema  propose a schema of feature expectations from a snapshot
  drift         compare two datasets or snapshots feature by feature
  history       draw the score over time from the base branch's JSON reports
  schema NAME   print a JSON Schema of a format (config, eval-report, snapshot, report, ...)

Each command takes --help.

Options:
  -h, --help     show this help
  -v, --version  print the version

Exit codes: 0 gate passed, 1 gate failed, 2 could not run (bad flags or config).`;

type Command = (argv: string[], io: CliIO) => Promise<number>;

/** Commands load their modules only when used, so `--help` and `run` start fast. */
const COMMANDS: Record<string, () => Promise<Command>> = {
  init: async () => (await import('./init.js')).initCommand,
  run: async () => (await import('./run.js')).runCommand,
  explain: async () => (await import('./explain.js')).explainCommand,
  metrics: async () => (await import('./metrics.js')).metricsCommand,
  snapshot: async () => (await import('./data.js')).snapshotCommand,
  'infer-schema': async () => (await import('./data.js')).inferSchemaCommand,
  drift: async () => (await import('./data.js')).driftCommand,
  schema: async () => (await import('./schema.js')).schemaCommand,
  history: async () => (await import('./history.js')).historyCommand,
};

/** The CLI entry, testable in-process. Returns the exit code. */
export async function main(argv: string[], io: CliIO): Promise<number> {
  const [cmd, ...rest] = argv;
  if (cmd === undefined || cmd === '-h' || cmd === '--help' || cmd === 'help') {
    io.stdout(`${HELP}\n`);
    return cmd === undefined ? 2 : 0;
  }
  if (cmd === '-v' || cmd === '--version') {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  const load = COMMANDS[cmd];
  if (!load) {
    const near = nearest(cmd, Object.keys(COMMANDS));
    io.stderr(`ml-test-gate: unknown command "${cmd}"${near ? ` (did you mean "${near}"?)` : ''}. Run ml-test-gate --help.\n`);
    return 2;
  }
  try {
    return await (
      await load()
    )(rest, io);
  } catch (e) {
    if (e instanceof UserError) {
      io.stderr(`ml-test-gate: ${e.message}\n`);
      if (e.hint) io.stderr(`  ${e.hint}\n`);
      return 2;
    }
    io.stderr(
      `ml-test-gate: internal error: ${e instanceof Error ? e.message : String(e)}\n  This is a bug; please report it with the command you ran.\n`,
    );
    if (io.env?.ML_TEST_GATE_DEBUG && e instanceof Error && e.stack) io.stderr(`${e.stack}\n`);
    return 2;
  }
}
