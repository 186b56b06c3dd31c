/**
 * Peak memory of the engine's Node.js dynamic provider process
 * (`@pulumi/pulumi/cmd/dynamic-provider`) while a CLI command runs: /proc is
 * polled every 100 ms and the largest `VmHWM` (the kernel's own peak RSS of
 * the process, so a short spike between polls still counts) is kept. Only
 * descendants of this process count, so that other Pulumi runs on the same
 * machine do not.
 */
import * as fs from "node:fs";
import { parentPidOfStat, vmHwmKb } from "./figures";

const POLL_MS = 100;
const PROVIDER_MARK = "dynamic-provider";

function readProc(pid: string, file: string): string | undefined {
  try {
    return fs.readFileSync(`/proc/${pid}/${file}`, "utf8");
  } catch {
    return undefined; // the process exited between the listing and the read
  }
}

function descendsFrom(pid: number, ancestor: number): boolean {
  let current: number | undefined = pid;
  for (let depth = 0; current !== undefined && current > 1 && depth < 64; depth += 1) {
    if (current === ancestor) return true;
    const stat = readProc(String(current), "stat");
    current = stat === undefined ? undefined : parentPidOfStat(stat);
  }
  return false;
}

/** The largest VmHWM (kB) of our dynamic provider processes now, or 0 when none runs. */
function sampleProviderHwmKb(): number {
  let peak = 0;
  for (const pid of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(pid)) continue;
    const cmdline = readProc(pid, "cmdline");
    if (cmdline?.includes(PROVIDER_MARK) !== true || !descendsFrom(Number(pid), process.pid)) continue;
    peak = Math.max(peak, vmHwmKb(readProc(pid, "status") ?? "") ?? 0);
  }
  return peak;
}

/**
 * Runs `work` while polling; resolves with its result and the peak VmHWM in
 * kB seen during it (0 when no provider process was seen).
 */
export async function withProviderPeakKb<T>(work: () => Promise<T>): Promise<{ result: T; peakKb: number }> {
  let peakKb = 0;
  const poll = (): void => {
    peakKb = Math.max(peakKb, sampleProviderHwmKb());
  };
  const timer = setInterval(poll, POLL_MS);
  try {
    const result = await work();
    return { result, peakKb };
  } finally {
    clearInterval(timer);
  }
}
