import * as fs from "node:fs";
import * as path from "node:path";
import { clearFaults, parseFaults, setFaults, type Fault } from "../faults";
import { readHostState, readSimState } from "../host";
import { simPaths } from "../paths";
import { err, NAS, ok, removeTempHosts, tempHost, xe } from "./tools.fixture";

afterAll(removeTempHosts);

const REFUSED = "Error: Connection refused (calling connect )\n";

/** Sets `faults` on the host in `dir` as `SimHostDir.setFaults` does, numbered from its calls so far. */
function set(dir: string, faults: readonly Fault[]): void {
  const { xeCalls, xeCommandCalls } = readHostState(dir);
  setFaults(simPaths(dir), faults, { xeCalls, xeCommandCalls });
}

function enabled(dir: string): boolean {
  return readSimState(dir).enabled;
}

describe("xe faults selected by command", () => {
  test("xe-fail fails the occurrence-th call of the command counted from when it was set, before it acts", () => {
    const dir = tempHost("xcpng83");
    expect(xe(dir, "host-disable")).toEqual(ok());
    set(dir, [{ kind: "xe-fail", command: "host-enable", occurrence: 2, stderr: "Lost connection to the server.\n" }]);
    expect(xe(dir, "host-enable")).toEqual(ok());
    expect(xe(dir, "host-disable")).toEqual(ok());
    expect(xe(dir, "vm-list", "params=uuid", "--minimal").exitCode).toBe(0);
    expect(xe(dir, "host-enable")).toEqual(err("Lost connection to the server.\n"));
    expect(enabled(dir)).toBe(false);
    expect(xe(dir, "host-enable")).toEqual(ok());
  });

  test("xe-fail after the command lets it take effect; occurrence defaults to the next call", () => {
    const dir = tempHost("xs62");
    set(dir, [{ kind: "xe-fail", command: "host-disable", when: "after", exitCode: 3, stdout: "half\n" }]);
    expect(xe(dir, "host-disable")).toEqual({ stdout: "half\n", stderr: "Lost connection to the server.\n", exitCode: 3 });
    expect(enabled(dir)).toBe(false);
  });

  test("xe-drop-connection cuts the connection: no output; before, the command did nothing; after, it took effect", () => {
    const dir = tempHost("xs82");
    set(dir, [{ kind: "xe-drop-connection", command: "host-disable" }]);
    expect(xe(dir, "host-disable")).toEqual({ stdout: "", stderr: "", exitCode: 255, dropConnection: true });
    expect(enabled(dir)).toBe(true);
    set(dir, [{ kind: "xe-drop-connection", command: "host-disable", when: "after" }]);
    expect(xe(dir, "host-disable")).toEqual({ stdout: "", stderr: "", exitCode: 255, dropConnection: true });
    expect(enabled(dir)).toBe(false);
    expect(xe(dir, "host-enable")).toEqual(ok());
  });

  test("xapi-unreachable refuses that call and every later one until the faults are cleared", () => {
    const dir = tempHost("xcpng83");
    set(dir, [{ kind: "xapi-unreachable", command: "host-evacuate" }]);
    expect(xe(dir, "vm-list", "params=uuid", `uuid=${NAS}`, "--minimal")).toEqual(ok(`${NAS}\n`));
    expect(xe(dir, "host-evacuate")).toEqual(err(REFUSED));
    expect(xe(dir, "vm-list")).toEqual(err(REFUSED));
    expect(xe(dir, "host-enable")).toEqual(err(REFUSED));
    clearFaults(simPaths(dir));
    expect(xe(dir, "vm-list", "params=uuid", `uuid=${NAS}`, "--minimal")).toEqual(ok(`${NAS}\n`));
  });

  test("xapi-unreachable after the command lets it answer, then refuses for forMs", async () => {
    const dir = tempHost("xs62");
    set(dir, [{ kind: "xapi-unreachable", command: "host-disable", when: "after", forMs: 300 }]);
    expect(xe(dir, "host-disable")).toEqual(ok());
    expect(enabled(dir)).toBe(false);
    expect(xe(dir, "host-enable")).toEqual(err(REFUSED));
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(xe(dir, "host-enable")).toEqual(ok());
  });

  test("faults.json holds the xe side's faults with absolute call numbers", () => {
    const dir = tempHost("xs62");
    expect(xe(dir, "host-disable")).toEqual(ok());
    const calls = readHostState(dir).xeCalls;
    set(dir, [
      { kind: "xe-fail", command: "host-disable", occurrence: 2 },
      { kind: "xe-drop-connection", command: "host-reboot", when: "after" },
      { kind: "xapi-unreachable", command: "vm-list", forMs: 1000 },
      { kind: "xe-fail", call: 3, stderr: "x\n" },
    ]);
    expect((JSON.parse(fs.readFileSync(path.join(dir, "faults.json"), "utf8")) as { xe: unknown }).xe).toEqual([
      { command: "host-disable", commandCall: 3 },
      { action: "drop-connection", command: "host-reboot", commandCall: 1, when: "after" },
      { action: "xapi-unreachable", command: "vm-list", commandCall: 1, when: "before", forMs: 1000 },
      { failCall: calls + 3, stderr: "x\n" },
    ]);
  });
});

describe("validation of the new fault kinds", () => {
  test.each<[unknown, string]>([
    [{ kind: "xe-fail" }, "faults[0].call: give either call or command, not both"],
    [{ kind: "xe-fail", call: 1, command: "vm-list" }, "faults[0].call: give either call or command, not both"],
    [{ kind: "xe-fail", call: 1, occurrence: 2 }, "faults[0].occurrence: occurrence goes with command, not call"],
    [{ kind: "xe-fail", command: "Vm List" }, "faults[0].command: an xe command name such as host-evacuate"],
    [{ kind: "xe-drop-connection" }, "faults[0].command: Required"],
    [{ kind: "xe-drop-connection", command: "host-reboot", when: "during" }, "faults[0].when: Invalid enum value. Expected 'before' | 'after', received 'during'"],
    [{ kind: "xapi-unreachable", command: "host-reboot", forMs: 0 }, "faults[0].forMs: Number must be greater than 0"],
  ])("%j is refused", (entry, message) => {
    expect(() => parseFaults([entry])).toThrow(`Unable to set faults: ${message}.`);
  });

  test("defaults are filled in", () => {
    expect(parseFaults([{ kind: "xe-drop-connection", command: "host-reboot" }, { kind: "xapi-unreachable", command: "host-disable" }])).toEqual([
      { kind: "xe-drop-connection", command: "host-reboot", occurrence: 1, when: "before" },
      { kind: "xapi-unreachable", command: "host-disable", occurrence: 1, when: "before" },
    ]);
  });
});
