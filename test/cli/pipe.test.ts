// The CLI's stdout often goes into `head` or `less`, which close the pipe as soon as they have enough.
// That must not crash with an EPIPE stack trace, and must not change the exit code: the gate's verdict
// is the exit code, and the report files are written before anything is printed.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { fdWriter, guardedWriter, type OutStream, type WriteSync } from '../../src/cli/io.js';

const CLI = path.resolve(__dirname, '../../dist/cli.js');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

interface Spawned {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/**
 * Run dist/cli.js with its stdout a pipe whose reading end is closed before the CLI writes anything
 * (the CLI needs ~100 ms to start), so every write gets EPIPE: a deterministic `| head -0`.
 */
function runWithClosedStdout(args: string[], cwd: string): Promise<Spawned> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ML_TEST_GATE_DEBUG: '' },
    });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stderr }));
  });
}

/** The same command with a reader that reads everything. */
function runNormally(args: string[], cwd: string): Promise<Spawned & { stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stderr, stdout }));
  });
}

function failingGateRepo(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mtg-pipe-'));
  dirs.push(dir);
  mkdirSync(path.join(dir, '.github'));
  // min-score 3 with one passing test: the gate fails (exit code 1)
  writeFileSync(path.join(dir, '.github', 'ml-test-gate.yml'), 'gate:\n  min-score: 3\ntests:\n  feature: t.xml\n');
  writeFileSync(path.join(dir, 't.xml'), '<testsuites><testsuite name="s"><testcase name="a"/></testsuite></testsuites>');
  return dir;
}

describe('a reader that closes the pipe early (`| head`)', () => {
  it('schema config: more than a pipe buffer of output, exit 0, nothing on stderr', async () => {
    const full = await runNormally(['schema', 'config'], os.tmpdir());
    expect(full.code).toBe(0);
    expect(full.stdout.length).toBeGreaterThan(65_536); // more than a Linux pipe buffer: `| head -1` used to crash
    const r = await runWithClosedStdout(['schema', 'config'], os.tmpdir());
    expect(r.signal).toBeNull();
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('--help: exit 0, nothing on stderr', async () => {
    const r = await runWithClosedStdout(['--help'], os.tmpdir());
    expect(r).toEqual({ code: 0, signal: null, stderr: '' });
  });

  it('run --print on a failing gate: exit code 1 (the verdict) and the report still written', async () => {
    const dir = failingGateRepo();
    const r = await runWithClosedStdout(['run', '--print', '--report-out', 'out/report.json'], dir);
    expect(r.stderr).not.toMatch(/EPIPE|\n\s+at |Unhandled/);
    expect(r.code).toBe(1);
    expect(existsSync(path.join(dir, 'out', 'report.json'))).toBe(true);
  });

  it('a shell pipeline into head -1 with pipefail exits 0 and prints the first line only', async () => {
    const child = spawn('bash', ['-c', `set -o pipefail; "${process.execPath}" "${CLI}" schema config | head -1`], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect({ code, out, err }).toEqual({ code: 0, out: '{\n', err: '' });
  });
});

describe('guardedWriter', () => {
  function fakeStream() {
    const written: string[] = [];
    let listener: ((e: NodeJS.ErrnoException) => void) | undefined;
    const stream: OutStream = { write: (s: string) => written.push(s), on: (_e, fn) => (listener = fn) };
    const emit = (code: string) => listener!(Object.assign(new Error(`write ${code}`), { code }));
    return { stream, written, emit };
  }

  it('drops output after EPIPE without reporting a failure', () => {
    const { stream, written, emit } = fakeStream();
    const failures: string[] = [];
    const write = guardedWriter(stream, (e) => failures.push(e.code!));
    write('a');
    emit('EPIPE');
    write('b');
    expect(written).toEqual(['a']);
    expect(failures).toEqual([]);
  });

  it('reports any other write error once, and then drops output', () => {
    const { stream, written, emit } = fakeStream();
    const failures: string[] = [];
    const write = guardedWriter(stream, (e) => failures.push(e.code!));
    emit('ENOSPC');
    emit('ERR_STREAM_DESTROYED');
    write('x');
    expect(failures).toEqual(['ENOSPC']);
    expect(written).toEqual([]);
  });
});

describe('fdWriter', () => {
  const err = (code: string) => Object.assign(new Error(`write ${code}`), { code });
  /** A writeSync that writes at most `chunk` bytes a call and throws the given codes on the given calls. */
  function fakeFd(chunk: number, throws: Record<number, string> = {}) {
    const bytes: number[] = [];
    let calls = 0;
    const writeSync: WriteSync = (fd, buffer, offset, length) => {
      expect(fd).toBe(1);
      const code = throws[calls++];
      if (code) throw err(code);
      const n = Math.min(chunk, length);
      bytes.push(...buffer.subarray(offset, offset + n));
      return n;
    };
    return { writeSync, raw: () => Buffer.from(bytes), text: () => Buffer.from(bytes).toString('utf8') };
  }
  const noStream = (): OutStream => {
    throw new Error('the process stream is not used');
  };

  it('writes everything, in order, whatever the partial writes', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme' }), { maxLength: 6 }), fc.integer({ min: 1, max: 9 }), (parts, chunk) => {
        const fd = fakeFd(chunk);
        const write = fdWriter(1, fd.writeSync, noStream, () => expect.fail('no failure'));
        parts.forEach((p) => write(p));
        expect(fd.text()).toBe(parts.join(''));
      }),
    );
  });

  it('EAGAIN hands the rest, as bytes, and every later write to the process stream', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', minLength: 1 }),
        fc.string({ unit: 'grapheme' }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 0, max: 4 }),
        (a, b, chunk, at) => {
          const fd = fakeFd(chunk, { [at]: 'EAGAIN' });
          const rest: Buffer[] = [];
          const stream: OutStream = { write: (s) => rest.push(Buffer.from(s)), on: () => undefined };
          const write = fdWriter(
            1,
            fd.writeSync,
            () => stream,
            () => expect.fail('no failure'),
          );
          write(a);
          write(b);
          expect(Buffer.concat([fd.raw(), ...rest]).toString('utf8')).toBe(a + b);
        },
      ),
    );
  });

  it('EPIPE closes it silently; another error closes it and is reported once', () => {
    for (const code of ['EPIPE', 'ENOSPC']) {
      const fd = fakeFd(2, { 1: code });
      const failures: string[] = [];
      const write = fdWriter(1, fd.writeSync, noStream, (e) => failures.push(e.code!));
      write('abcd');
      write('ef');
      expect(fd.text()).toBe('ab');
      expect(failures).toEqual(code === 'EPIPE' ? [] : ['ENOSPC']);
    }
  });
});
