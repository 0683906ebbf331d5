/** The CLI's only contact with the terminal, so commands can be tested in-process. */
export interface CliIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  cwd: string;
  env?: Record<string, string | undefined>;
}

/** The part of a process stream the CLI uses (process.stdout, process.stderr). */
export interface OutStream {
  write(s: string): unknown;
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
