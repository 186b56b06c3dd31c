import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { SimHost } from "../index";
import { readSimState } from "../host";
import { parseFaults, startSimHost } from "../index";
import { opensshRun, ssh2Run } from "./ssh-test-client";

/** A two-step remote script: the step before `mv` must stay done when the connection drops at `mv`. */
const SCRIPT = "echo one > /boot/step1 && mv /boot/step1 /boot/step2 && echo three > /boot/step3 && echo done";

describe("fault injection on a simulated host", () => {
  let dir: string;
  let sim: SimHost;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "sim-ssh-faults-"));
    sim = await startSimHost({ dir });
  });

  afterEach(() => {
    sim.clearFaults();
    for (const name of ["step1", "step2", "step3"]) fs.rmSync(path.join(dir, "root", "boot", name), { force: true });
  });

  afterAll(async () => {
    await sim.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function bootHas(name: string): boolean {
    return fs.existsSync(path.join(dir, "root", "boot", name));
  }

  test("drop-connection before a tool runs cuts the connection and keeps the earlier steps", async () => {
    sim.setFaults([{ kind: "drop-connection", tool: "mv", occurrence: 1 }]);
    await expect(ssh2Run(sim.info, SCRIPT)).resolves.toEqual({ stdout: "", stderr: "", exitCode: null });
    expect([bootHas("step1"), bootHas("step2"), bootHas("step3")]).toEqual([true, false, false]);
  });

  test("drop-connection after a tool ran keeps that tool's effect and nothing after it", async () => {
    sim.setFaults([{ kind: "drop-connection", tool: "mv", occurrence: 1, when: "after" }]);
    await expect(ssh2Run(sim.info, SCRIPT)).resolves.toEqual({ stdout: "", stderr: "", exitCode: null });
    expect([bootHas("step1"), bootHas("step2"), bootHas("step3")]).toEqual([false, true, false]);
  });

  test("a tool fault fires at the named occurrence only, counted from when it was set", async () => {
    sim.setFaults([{ kind: "drop-connection", tool: "mv", occurrence: 2 }]);
    await expect(ssh2Run(sim.info, SCRIPT)).resolves.toEqual({ stdout: "done\n", stderr: "", exitCode: 0 });
    await expect(ssh2Run(sim.info, "mv /boot/step2 /boot/step1; echo unreachable")).resolves.toEqual({
      stdout: "",
      stderr: "",
      exitCode: null,
    });
    await expect(ssh2Run(sim.info, "mv /boot/step2 /boot/step1 && echo moved")).resolves.toEqual({
      stdout: "moved\n",
      stderr: "",
      exitCode: 0,
    });
  });

  test("the OpenSSH client sees a dropped connection as closed by the remote host", () => {
    sim.setFaults([{ kind: "drop-connection", tool: "mv", occurrence: 1 }]);
    expect(opensshRun(sim.info, SCRIPT)).toEqual({
      stdout: "",
      stderr: "Connection to 127.0.0.1 closed by remote host.\r\n",
      exitCode: null,
    });
  });

  test("kill-script kills the remote script, which the client sees as killed by SIGKILL", async () => {
    sim.setFaults([{ kind: "kill-script", tool: "mv", occurrence: 1 }]);
    await expect(ssh2Run(sim.info, SCRIPT)).resolves.toEqual({ stdout: "", stderr: "", exitCode: null, signal: "SIGKILL" });
    expect([bootHas("step1"), bootHas("step2"), bootHas("step3")]).toEqual([true, false, false]);
  });

  test("a tool fail-exec fault makes that call fail with the given exit code and stderr", async () => {
    sim.setFaults([{ kind: "fail-exec", tool: "mv", occurrence: 1, exitCode: 4, stderr: "mv: cannot move: Read-only file system\n" }]);
    await expect(ssh2Run(sim.info, `${SCRIPT}; echo "mv said $?"`)).resolves.toEqual({
      stdout: "mv said 4\n",
      stderr: "mv: cannot move: Read-only file system\n",
      exitCode: 0,
    });
  });

  test("fail-exec fails the Nth exec request from now and only that one", async () => {
    sim.setFaults([{ kind: "fail-exec", exec: 2, exitCode: 3, stderr: "injected failure\n" }]);
    const runs = [];
    for (const word of ["first", "second", "third"]) runs.push(await ssh2Run(sim.info, `echo ${word}`));
    expect(runs).toEqual([
      { stdout: "first\n", stderr: "", exitCode: 0 },
      { stdout: "", stderr: "injected failure\n", exitCode: 3 },
      { stdout: "third\n", stderr: "", exitCode: 0 },
    ]);
  });

  test("clearing the faults puts the real tool back exactly as it was", () => {
    const entry = path.join(dir, "xsbin", "mv");
    const describeEntry = (): string => {
      const stat = fs.lstatSync(entry);
      return stat.isSymbolicLink() ? `link ${fs.readlinkSync(entry)}` : `file ${fs.readFileSync(entry, "utf8")}`;
    };
    const original = describeEntry();
    sim.setFaults([{ kind: "kill-script", tool: "mv", occurrence: 1 }]);
    expect(describeEntry()).not.toBe(original);
    sim.clearFaults();
    expect(describeEntry()).toBe(original);
    expect(JSON.parse(fs.readFileSync(path.join(dir, "faults.json"), "utf8"))).toEqual({ ssh: [], xe: [] });
  });

  test("an xe-fail fault fails the Nth xe call from now with the given output", async () => {
    sim.xe("vm-list");
    sim.setFaults([{ kind: "xe-fail", call: 2, exitCode: 1, stderr: "Connection refused\n" }]);
    const script = 'xe vm-list >/dev/null; echo "first $?"; xe vm-list >/dev/null; echo "second $?"; xe vm-list >/dev/null; echo "third $?"';
    await expect(ssh2Run(sim.info, script)).resolves.toEqual({
      stdout: "first 0\nsecond 1\nthird 0\n",
      stderr: "Connection refused\n",
      exitCode: 0,
    });
  });

  test("an xe-drop-connection fault cuts the SSH connection at that xe command, before it acts or after it took effect", async () => {
    sim.setFaults([{ kind: "xe-drop-connection", command: "host-disable" }]);
    await expect(ssh2Run(sim.info, "xe host-disable; echo two")).resolves.toEqual({ stdout: "", stderr: "", exitCode: null });
    expect(sim.state().enabled).toBe(true);
    sim.setFaults([{ kind: "xe-drop-connection", command: "host-disable", when: "after" }]);
    expect(opensshRun(sim.info, "xe host-disable; echo two")).toEqual({ stdout: "", stderr: "Connection to 127.0.0.1 closed by remote host.\r\n", exitCode: null });
    expect(sim.state().enabled).toBe(false);
    sim.clearFaults();
    expect(sim.xe("host-enable")).toEqual({ stdout: "", stderr: "", exitCode: 0 });
  });

  test("an xapi-unreachable fault refuses every xe from that command on, until cleared", async () => {
    const refused = "Error: Connection refused (calling connect )\n";
    sim.setFaults([{ kind: "xapi-unreachable", command: "host-disable" }]);
    const script = 'xe vm-list >/dev/null; echo "a $?"; xe host-disable; echo "b $?"; xe vm-list; echo "c $?"';
    await expect(ssh2Run(sim.info, script)).resolves.toEqual({ stdout: "a 0\nb 1\nc 1\n", stderr: `${refused}${refused}`, exitCode: 0 });
    expect(sim.state().enabled).toBe(true);
    sim.clearFaults();
    await expect(ssh2Run(sim.info, "xe host-list params=enabled --minimal")).resolves.toEqual({ stdout: "true\n", stderr: "", exitCode: 0 });
  });

  test("faults.json holds the list as set, defaults filled in, and xe faults numbered as the simulated xe counts", () => {
    const nextXeCall = readSimState(dir).xeCalls + 1;
    sim.setFaults([
      { kind: "drop-connection", tool: "mv", occurrence: 1 },
      { kind: "xe-fail", call: 1, stderr: "Lost\n" },
    ]);
    expect(JSON.parse(fs.readFileSync(path.join(dir, "faults.json"), "utf8"))).toEqual({
      ssh: [
        { kind: "drop-connection", tool: "mv", occurrence: 1, when: "before", exitCode: 1, stderr: "" },
        { kind: "xe-fail", call: 1, stderr: "Lost\n" },
      ],
      xe: [{ failCall: nextXeCall, stderr: "Lost\n" }],
    });
    expect(sim.xe("vm-list")).toEqual({ stdout: "", stderr: "Lost\n", exitCode: 1 });
  });

  test("a fault on a tool the host does not have is refused", () => {
    expect(() => {
      sim.setFaults([{ kind: "kill-script", tool: "python3", occurrence: 1 }]);
    }).toThrow(`Unable to set a fault on python3: the simulated host has no python3 in ${dir}/xsbin.`);
  });

  test("an invalid fault names the entry and the field", () => {
    expect(() => parseFaults([{ kind: "drop-connection", tool: "mv", occurrence: 0 }])).toThrow(
      "Unable to set faults: faults[0].occurrence: Number must be greater than 0.",
    );
  });
});
