import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { setXeLatency, xapiFiles } from "../host";
import type { SimHost, SimPool } from "../index";
import { startSimHost, startSimPool } from "../index";
import { HOSTS } from "./pool.fixture";
import { opensshRun, ssh2Run } from "./ssh-test-client";
import { NAS, TV } from "./tools.fixture";
import { parseArgvFile } from "../xapi/serve";

function servedLines(dir: string): string[] {
  const file = xapiFiles(path.join(dir, "xapi")).served;
  return fs.existsSync(file) ? fs.readFileSync(file, "utf8").split("\n").filter((l) => l !== "") : [];
}

function xapiPid(dir: string): number {
  return Number.parseInt(fs.readFileSync(xapiFiles(path.join(dir, "xapi")).pid, "utf8"), 10);
}

describe("the words of a call", () => {
  test("are NUL-terminated, so spaces, newlines and empty words survive", () => {
    expect(parseArgvFile(Buffer.from("vm-list\0name-label=a b\0\0x\ny\0"))).toEqual(["vm-list", "name-label=a b", "", "x\ny"]);
    expect(parseArgvFile(Buffer.alloc(0))).toEqual([]);
  });
});

describe("xe as a thin client of the simulated xapi of a host", () => {
  let work: string;
  let sim: SimHost;

  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "sim-ssh-xapi-"));
    sim = await startSimHost({ dir: path.join(work, "host"), profile: "xcpng83" });
  });

  afterAll(async () => {
    await sim.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  test("every xe call over SSH is served by the one xapi process, words and exit codes intact", () => {
    const before = servedLines(sim.info.dir).length;
    expect(opensshRun(sim.info, `xe vm-param-set uuid=${TV} 'name-label=a b'; xe vm-list uuid=${TV} params=name-label --minimal`)).toEqual({ stdout: "a b\n", stderr: "", exitCode: 0 });
    expect(opensshRun(sim.info, "xe bogus ''")).toEqual({ stdout: "", stderr: "Unknown command: bogus\nFor usage run: 'xe help'\n", exitCode: 1 });
    expect(opensshRun(sim.info, "/opt/xensource/bin/xe host-list --minimal")).toEqual({ stdout: "5f0c7a3e-2b9d-4e61-a8f4-1d6c93b0e27a\n", stderr: "", exitCode: 0 });
    expect(servedLines(sim.info.dir).slice(before).map((l) => l.split(" ")[1])).toEqual(["vm-param-set", "vm-list", "bogus", "host-list"]);
    expect(sim.state().counters.xeCalls).toBeGreaterThanOrEqual(4);
  });

  test("each call still waits the xe latency, and concurrent calls wait it side by side", async () => {
    setXeLatency(sim.info.dir, 400);
    try {
      const start = performance.now();
      const runs = await Promise.all([0, 1, 2].map(() => ssh2Run(sim.info, `xe vm-list uuid=${NAS} params=power-state --minimal`)));
      const elapsed = performance.now() - start;
      expect(runs.map((r) => r.stdout)).toEqual(["running\n", "running\n", "running\n"]);
      expect(elapsed).toBeGreaterThanOrEqual(400);
    } finally {
      setXeLatency(sim.info.dir, 0);
    }
  });

  test("an xe-fail fault fires at its call number", () => {
    sim.setFaults([{ kind: "xe-fail", call: 2, stderr: "injected\n", exitCode: 3 }]);
    try {
      expect(opensshRun(sim.info, "xe host-list --minimal >/dev/null; xe host-list --minimal; echo $?")).toEqual({ stdout: "3\n", stderr: "injected\n", exitCode: 0 });
    } finally {
      sim.clearFaults();
    }
  });

  test("a call whose client was killed while it waited never acts", async () => {
    setXeLatency(sim.info.dir, 1000);
    try {
      expect(opensshRun(sim.info, `xe vm-param-set uuid=${TV} name-label=late & sleep 0.3; kill $!; echo killed`).stdout).toBe("killed\n");
      await new Promise((resolve) => setTimeout(resolve, 1500));
    } finally {
      setXeLatency(sim.info.dir, 0);
    }
    expect(sim.xe("vm-list", `uuid=${TV}`, "params=name-label", "--minimal").stdout).not.toBe("late\n");
  });

  test("when the xapi process dies during a call, xe reports the lost connection; later calls run xe themselves", () => {
    setXeLatency(sim.info.dir, 2000);
    try {
      const pid = xapiPid(sim.info.dir);
      // The remote shell kills xapi while the call waits out its latency.
      expect(opensshRun(sim.info, `xe host-list --minimal & sleep 0.5; kill -9 ${pid}; wait $!; echo "exit $?"`)).toEqual({
        stdout: "exit 1\n",
        stderr: "Lost connection to the server.\n",
        exitCode: 0,
      });
    } finally {
      setXeLatency(sim.info.dir, 0);
    }
    expect(opensshRun(sim.info, "xe host-list --minimal")).toEqual({ stdout: "5f0c7a3e-2b9d-4e61-a8f4-1d6c93b0e27a\n", stderr: "", exitCode: 0 });
  });
});

describe("xe as a thin client of the simulated xapi of a pool", () => {
  let work: string;
  let pool: SimPool;

  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "sim-ssh-xapi-pool-"));
    pool = await startSimPool({ dir: path.join(work, "pool"), size: 2, profile: "xs62" });
  });

  afterAll(async () => {
    await pool.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  test("one xapi serves every member, each call acting as the member it came from", () => {
    const [master, other] = pool.members;
    if (master === undefined || other === undefined) throw new Error("two members expected");
    expect(opensshRun(other.info, `xe vm-start uuid=${TV} on=${HOSTS[1]}; xe vm-list uuid=${TV} params=dom-id --minimal`).stdout).toBe("1\n");
    expect(opensshRun(master.info, "xe host-list params=name-label --minimal").stdout).toBe("xenserver-home-0,xenserver-home-1\n");
    expect(servedLines(pool.dir)).toEqual(["host-1 vm-start", "host-1 vm-list", "host-0 host-list"]);
    expect(pool.state().hosts.map((h) => h.counters.xeCalls)).toEqual([1, 2]);
  });
});
