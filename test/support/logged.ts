/**
 * The progress lines an operation prints: the providers' progress goes to
 * `console.log` by default (the engine shows a dynamic provider's stdout).
 */

/** Runs `work` with `console.log` captured; returns its result and the lines it printed, in order. */
export async function logged<T>(work: () => Promise<T>): Promise<{ result: T; lines: string[] }> {
  const lines: string[] = [];
  const spy = jest.spyOn(console, "log").mockImplementation((line: string) => lines.push(line));
  try {
    return { result: await work(), lines };
  } finally {
    spy.mockRestore();
  }
}
