/** The CLI's only contact with the terminal, so commands can be tested in-process. */
export interface CliIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  cwd: string;
  env?: Record<string, string | undefined>;
}

/** The part of a process stream the CLI uses (process.stdout, process.stderr). */
export interface OutStream {
  write(s: string | Uint8Array): unknown;
  on(event: 'error', listener: (e: NodeJS.ErrnoException) => void): unknown;
}

/**
 * A writer for a process stream whose reader may go away early (`ml-test-gate schema config | head -1`).
 * The first write error closes it: later output is dropped instead of crashing with an unhandled 'error'
 * event. EPIPE is the reader's choice, not a failure, so it is silent and the command's own exit code
 * stands (the gate's verdict is still the exit code; the report files are written regardless). Any
 * other error goes to `onFailure` once.
 */
export function guardedWriter(stream: OutStream, onFailure: (e: NodeJS.ErrnoException) => void): (s: string) => void {
  let closed = false;
  stream.on('error', (e) => {
    if (closed) return;
    closed = true;
    if (e.code !== 'EPIPE') onFailure(e);
  });
  return (s) => {
    if (!closed) stream.write(s);
  };
}

/** The file system calls fdWriter makes (node:fs's writeSync), so tests can stand in for them. */
export type WriteSync = (fd: number, buffer: Uint8Array, offset: number, length: number) => number;

/**
 * A writer for file descriptor 1 or 2 that writes with fs.writeSync, so a run never builds
 * process.stdout or process.stderr (their first use loads Node's stream modules: a few ms of a cold
 * start). Same contract as guardedWriter: EPIPE closes it silently, any other error closes it and
 * goes to `onFailure` once. On Linux the process streams write files and pipes synchronously too, so
 * the output and its order are the same. A descriptor in non-blocking mode (EAGAIN: a reader that
 * is slower than us) hands this and every later write to the process stream (`stream()`), which
 * waits for the reader.
 */
export function fdWriter(
  fd: number,
  writeSync: WriteSync,
  stream: () => OutStream,
  onFailure: (e: NodeJS.ErrnoException) => void,
): (s: string) => void {
  let closed = false;
  let fallback: ((s: string) => void) | undefined;
  return (s) => {
    if (closed) return;
    if (fallback) return fallback(s);
    const buf = Buffer.from(s, 'utf8');
    let off = 0;
    while (off < buf.length) {
      try {
        off += writeSync(fd, buf, off, buf.length - off);
      } catch (err) {
        const e = err as NodeJS.ErrnoException;
        if (e.code === 'EAGAIN') {
          const out = stream();
          fallback = guardedWriter(out, onFailure); // its error listener first
          out.write(buf.subarray(off)); // the rest as bytes: `off` may fall inside a character
          return;
        }
        closed = true;
        if (e.code !== 'EPIPE') onFailure(e);
        return;
      }
    }
  };
}
