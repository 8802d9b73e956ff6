/**
 * Where a command-line tool writes: the process's own streams, or a caller's (tests run a tool in-process and read
 * what it wrote). Tools return their exit status instead of exiting, so the same code serves both.
 */
export interface CliOutput {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/** The process's standard output and error. */
export const PROCESS_OUTPUT: CliOutput = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
};
