/**
 * The worker thread that reads one prediction file (offload.ts): the job comes as workerData, the
 * answer goes back in one message with the columns' ArrayBuffers transferred. Bundled on its own into
 * dist/predictions-worker.mjs.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { setChunkSize } from '../table/chunks.js';
import { loadPredictions } from './load.js';
import { buffersOf, setPredictionWorker, toWire, type WorkerJob, type WorkerReply } from './offload.js';
import { PredictionError } from './types.js';

async function main(port: NonNullable<typeof parentPort>): Promise<void> {
  const job = workerData as WorkerJob;
  setPredictionWorker({ enabled: false });
  setChunkSize(job.chunk);
  let reply: WorkerReply;
  try {
    const pred = toWire(await loadPredictions(job.absPath, job.display, job.spec, job.access));
    try {
      port.postMessage({ kind: 'ok', pred } satisfies WorkerReply, buffersOf(pred));
      return;
    } catch {
      reply = { kind: 'ok', pred }; // a buffer that cannot be transferred: copied
    }
  } catch (e) {
    reply =
      e instanceof PredictionError
        ? { kind: 'error', file: e.file, message: e.message, line: e.line, column: e.column }
        : { kind: 'failed', reason: e instanceof Error ? e.message : String(e) };
  }
  try {
    port.postMessage(reply);
  } catch (e) {
    port.postMessage({ kind: 'failed', reason: e instanceof Error ? e.message : String(e) } satisfies WorkerReply);
  }
}

if (parentPort) await main(parentPort);
