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

/**
 * The processes of one measured command, told apart once each: a process's
 * command line is read the first time its PID is seen, and only the provider
 * processes' status is read after that. Reading every process's command line
 * on every poll cost the machine CPU while the command ran, and only the
 * provider run was slowed by it (the baseline is not sampled).
 */
class ProviderProcesses {
  /** PIDs known not to be a provider. */
  private readonly seen = new Set<string>();
  private readonly providers = new Set<string>();

  /** The largest VmHWM (kB) of our dynamic provider processes now, or 0 when none runs. */
  peakHwmKb(): number {
    for (const pid of fs.readdirSync("/proc")) {
      if (!/^\d+$/.test(pid) || this.seen.has(pid)) continue;
      const cmdline = readProc(pid, "cmdline") ?? "";
      if (cmdline.includes(PROVIDER_MARK) && descendsFrom(Number(pid), process.pid)) this.providers.add(pid);
      // Pulumi's own processes are asked again: the provider's PID shows the
      // engine's command line for the instant between its fork and its exec.
      if (!cmdline.includes("pulumi")) this.seen.add(pid);
    }
    let peak = 0;
    // VmHWM only grows while the process lives: its last reading is its peak.
    for (const pid of this.providers) peak = Math.max(peak, vmHwmKb(readProc(pid, "status") ?? "") ?? 0);
    return peak;
  }
}

/**
 * Runs `work` while polling; resolves with its result and the peak VmHWM in
 * kB seen during it (0 when no provider process was seen).
 */
export async function withProviderPeakKb<T>(work: () => Promise<T>): Promise<{ result: T; peakKb: number }> {
  let peakKb = 0;
  const processes = new ProviderProcesses();
  const poll = (): void => {
    peakKb = Math.max(peakKb, processes.peakHwmKb());
  };
  const timer = setInterval(poll, POLL_MS);
  try {
    const result = await work();
    return { result, peakKb };
  } finally {
    clearInterval(timer);
  }
}
