/**
 * Two large prediction files at once on two cores (issue 15): when a large file is asked for while
 * another large one is being read on the main thread (base and head, loaded together), it is read on
 * a worker thread (worker.ts, bundled as predictions-worker.mjs next to the code) by the same loader,
 * and its columns come back as transferred ArrayBuffers (no copy). The result is the one the main
 * thread would give: the same arrays, or the same PredictionError (file, message, line, column). If
 * the worker cannot start, crashes, or fails in any other way, the file is read on the main thread
 * instead. Small files (below `minBytes`) never pay for a worker, nor does a machine whose cores are
 * busy (coreFree); worker_threads is loaded only when one starts.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ByteColumn, type ByteColumnParts } from '../bytes.js';
import type { TableReadOptions } from '../tabular.js';
import { PredictionError, type PredictionSpec, type Predictions } from './types.js';

export type Access = Pick<TableReadOptions, 'limits' | 'noFollow'>;

/** What the worker is asked to read. */
export interface WorkerJob {
  absPath: string;
  display: string;
  spec: PredictionSpec;
  access: Access;
  /** The reader's chunk size on the main thread (tests make it tiny). */
  chunk: number;
}

/** Predictions as they cross threads: the ids as their storage. */
export type WirePredictions = Omit<Predictions, 'ids'> & { ids: ByteColumnParts | null };

/** The worker's answer: the predictions, the PredictionError to throw, or a failure (read on the main thread instead). */
export type WorkerReply =
  | { kind: 'ok'; pred: WirePredictions }
  | { kind: 'error'; file: string; message: string; line?: number; column?: string }
  | { kind: 'failed'; reason: string };

export const WORKER_FILE = 'predictions-worker.mjs'; // scripts/lib/prediction-worker.mjs builds it

const settings = {
  /** Files smaller than this are read on the main thread. */
  minBytes: 8 << 20,
  /** The worker script; undefined: predictions-worker.mjs next to this code (or one folder up, from a chunk). */
  script: undefined as string | undefined,
  /** Offload every large file, not only one asked for while another is read (tests). */
  always: false,
  /** False inside the worker (it reads on its own thread). */
  enabled: true,
  /**
   * Cores that must be free for a worker, counting this thread's among them (the cores less the tasks
   * running right now besides this one, from /proc/loadavg; elsewhere less the 1-minute load
   * average): with the cores busy, a worker only competes with the main thread and costs its start.
   */
  free: 1.5,
};

/** Change where and when files go to a worker (tests; the worker switches itself off); returns the settings before. */
export function setPredictionWorker(s: Partial<typeof settings>): typeof settings {
  const before = { ...settings };
  Object.assign(settings, s);
  return before;
}

let answered = 0;
/** Files a worker answered for (read or refused with a PredictionError): for tests. */
export function workerReads(): number {
  return answered;
}

let located: string | null | undefined;

function workerScript(): string | null {
  if (settings.script !== undefined) return settings.script;
  if (located === undefined) {
    located = null;
    try {
      const here = path.dirname(fileURLToPath(import.meta.url));
      located = [path.join(here, WORKER_FILE), path.join(here, '..', WORKER_FILE)].find((p) => existsSync(p)) ?? null;
    } catch {
      located = null;
    }
  }
  return located;
}

/** Large files being read on the main thread, and files on a worker. */
let mainLoads = 0;
let workerLoads = 0;

/**
 * How to read a file: 'worker' (large, another large file is being read here, no worker busy),
 * 'large' (read here, counted so a second large file can go to a worker) or 'small'.
 */
export function planLoad(absPath: string): 'worker' | 'large' | 'small' {
  if (!settings.enabled) return 'small';
  let size: number;
  try {
    size = statSync(absPath).size;
  } catch {
    return 'small'; // the reader gives the message
  }
  if (size < settings.minBytes) return 'small';
  if ((mainLoads > 0 || settings.always) && workerLoads === 0 && coreFree() && workerScript()) return 'worker';
  return 'large';
}

/** Enough free cores for a worker right now (settings.free). */
function coreFree(): boolean {
  if (settings.free === -Infinity) return true;
  const cores = os.availableParallelism?.() ?? os.cpus().length;
  if (cores < 2) return false;
  let others = NaN;
  try {
    // "0.52 0.58 0.59 2/389 12345": tasks running now / all tasks; this thread is one of them
    others = Number(/ (\d+)\//.exec(readFileSync('/proc/loadavg', 'latin1'))?.[1]) - 1;
  } catch {
    // not Linux
  }
  return cores - (Number.isFinite(others) ? others : os.loadavg()[0]) >= settings.free;
}

/** A file is being read on a worker thread. */
export function workerBusy(): boolean {
  return workerLoads > 0;
}

/** Run a main-thread read of a large file, counted. */
export async function countedHere<T>(read: () => Promise<T>): Promise<T> {
  mainLoads++;
  try {
    return await read();
  } finally {
    mainLoads--;
  }
}

/** Every ArrayBuffer behind the predictions' columns, once each (to transfer them). */
export function buffersOf(p: WirePredictions): ArrayBuffer[] {
  const views = [p.y, p.score, p.probs, p.predClass, p.predValue, p.weight, p.lines, p.ids?.store, p.ids?.offs];
  for (const g of p.groups.values()) views.push(g.codes);
  const out = new Set<ArrayBuffer>();
  for (const v of views) if (v && v.buffer instanceof ArrayBuffer) out.add(v.buffer);
  return [...out];
}

export function toWire(p: Predictions): WirePredictions {
  return { ...p, ids: p.ids ? p.ids.parts() : null };
}

function fromWire(p: WirePredictions): Predictions {
  return { ...p, ids: p.ids ? ByteColumn.fromParts(p.ids) : null };
}

/**
 * Read a file on a worker thread. Resolves to the predictions, rejects with the PredictionError the
 * main thread would throw, or resolves to null when the worker failed (the caller reads the file itself).
 */
export async function loadInWorker(job: Omit<WorkerJob, 'chunk'>, chunk: number): Promise<Predictions | null> {
  const script = workerScript();
  if (!script) return null;
  workerLoads++;
  try {
    const { Worker } = await import('node:worker_threads');
    const reply = await new Promise<WorkerReply | null>((resolve) => {
      let worker: import('node:worker_threads').Worker;
      try {
        worker = new Worker(script, { workerData: { ...job, chunk } satisfies WorkerJob });
      } catch {
        resolve(null);
        return;
      }
      let settled = false;
      const settle = (r: WorkerReply | null) => {
        if (settled) return;
        settled = true;
        worker.unref();
        resolve(r);
      };
      worker.once('message', (m: WorkerReply) => settle(m));
      worker.once('error', () => settle(null));
      worker.once('exit', () => settle(null));
      worker.once('messageerror', () => settle(null));
    });
    if (!reply || reply.kind === 'failed') return null;
    answered++;
    if (reply.kind === 'error') throw new PredictionError(reply.file, reply.message, reply.line, reply.column);
    return fromWire(reply.pred);
  } catch (e) {
    if (e instanceof PredictionError) throw e;
    return null;
  } finally {
    workerLoads--;
  }
}
