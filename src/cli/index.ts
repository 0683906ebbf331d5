#!/usr/bin/env node
import { fdWriter } from './io.js';
import { main } from './main.js';
import { mark } from '../util/timing.js';
import { writeSync } from 'node:fs';

mark('cli loaded');

// A closed pipe (`| head`) is silent; another write error (a full disk) is one line and exit code 2.
let failed = false;
const fail = (what: string) => (e: NodeJS.ErrnoException) => {
  failed = true;
  process.exitCode = 2;
  if (what === 'stdout') process.stderr.write(`ml-test-gate: cannot write to stdout: ${e.code ?? e.message}\n`);
};
const code = await main(process.argv.slice(2), {
  stdout: fdWriter(1, writeSync, () => process.stdout, fail('stdout')),
  stderr: fdWriter(2, writeSync, () => process.stderr, fail('stderr')),
  cwd: process.cwd(),
  env: process.env,
});
process.exitCode = failed ? 2 : code;
