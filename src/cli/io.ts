/** The CLI's only contact with the terminal, so commands can be tested in-process. */
export interface CliIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  cwd: string;
  env?: Record<string, string | undefined>;
}
