/** A sleep the test releases by hand, for code that waits with an injected `sleep`. */

/** `sleep` records each wait in `waits` and returns a promise that `release()` resolves (every pending one at once). */
export function manualSleep(): { sleep: (ms: number) => Promise<void>; waits: number[]; release: () => void } {
  const pending: (() => void)[] = [];
  const waits: number[] = [];
  return {
    sleep: (ms) => {
      waits.push(ms);
      return new Promise<void>((resolve) => pending.push(resolve));
    },
    waits,
    release: () => { pending.splice(0).forEach((resolve) => { resolve(); }); },
  };
}
