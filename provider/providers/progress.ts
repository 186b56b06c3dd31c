/**
 * Where the providers' progress lines go ("Host h: rebooting…", "VM … keeps
 * its devices until…"). One sink per process, chosen by whoever serves the
 * providers: the dynamic-provider process shows its stdout to the user as
 * info messages, so stdout is the default; the plugin process must keep its
 * stdout for the port it prints first and hides the rest, so it sends them to
 * the engine's log instead (`plugin/engine-log.ts`).
 */

/** Receives one progress line, without its newline. */
export type ProgressSink = (line: string) => void;

const toStdout: ProgressSink = (line) => {
  console.log(line);
};

let sink: ProgressSink = toStdout;

/**
 * Reports one progress line to the operator.
 *
 * @param line - one sentence, no trailing newline
 */
export function progress(line: string): void {
  sink(line);
}

/**
 * Sends every later progress line of this process to `next`.
 *
 * @param next - the new sink
 * @returns the sink it replaces, to put back (tests)
 */
export function setProgressSink(next: ProgressSink): ProgressSink {
  const previous = sink;
  sink = next;
  return previous;
}
