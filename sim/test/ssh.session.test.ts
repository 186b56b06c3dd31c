import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { SimHost } from "../index";
import { runTool } from "../host";
import { startSimHost } from "../index";
import { opensshRun, scannedFingerprint } from "./ssh-test-client";

/** What must never change on the machine running the simulator. */
function machineSnapshot(): { boot: string[]; cmdline: string; mounts: string } {
  return {
    boot: fs.readdirSync("/boot"),
    cmdline: fs.readFileSync("/proc/cmdline", "utf8"),
    mounts: fs.readFileSync("/proc/self/mountinfo", "utf8"),
  };
}

describe("a simulated host reached with the OpenSSH client", () => {
  const before = machineSnapshot();
  let dir: string;
  let sim: SimHost;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "sim-ssh-session-"));
    sim = await startSimHost({ dir, profile: "xs62" });
  });

  afterAll(async () => {
    await sim.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test("xe answers over SSH exactly as it answers when run directly", () => {
    const direct = sim.xe("vm-list", "params=uuid,name-label");
    const overSsh = opensshRun(sim.info, "xe vm-list params=uuid,name-label");
    expect(direct.exitCode).toBe(0);
    expect(overSsh).toEqual({ stdout: direct.stdout, stderr: "", exitCode: 0 });
    expect(overSsh.stdout).toContain("NAS");
  });

  test("lspci is on the dom0 PATH and answers over SSH exactly as it answers when run directly", () => {
    const direct = runTool(dir, "lspci", ["-D", "-mm", "-n", "-s", "06:00.0"]);
    expect(direct).toEqual({ stdout: '0000:06:00.0 "0200" "1969" "1063" -rc0 "1458" "e000"\n', stderr: "", exitCode: 0 });
    expect(opensshRun(sim.info, "lspci -D -mm -n -s 06:00.0")).toEqual(direct);
  });

  test("the host presents the ed25519 key whose fingerprint startSimHost reports, and the RSA key too", () => {
    const fingerprints = sim.hostKeyFingerprints();
    expect(sim.info.hostKeyFingerprint).toBe(fingerprints.ed25519);
    expect(scannedFingerprint(sim.info, "ed25519")).toBe(fingerprints.ed25519);
    expect(scannedFingerprint(sim.info, "rsa")).toBe(fingerprints.rsa);
    expect(fingerprints.ed25519).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
  });

  test("the connection details name root on 127.0.0.1 with the host directory's client key, and the host", () => {
    expect(sim.info).toEqual({
      host: "127.0.0.1",
      port: sim.info.port,
      user: "root",
      privateKeyPath: path.join(dir, "ssh", "client_key"),
      hostKeyFingerprint: sim.hostKeyFingerprints().ed25519,
      dir,
      hostUuid: "5f0c7a3e-2b9d-4e61-a8f4-1d6c93b0e27a",
      nameLabel: "xenserver-home",
    });
  });

  test("the remote PATH holds only the simulated tool set", () => {
    const run = opensshRun(
      sim.info,
      'echo "$PATH"; command -v sed; command -v base64 || echo no-base64; command -v python3 || echo no-python3; pwd',
    );
    expect(run).toEqual({
      stdout: `${dir}/xsbin\n${dir}/xsbin/sed\nno-base64\nno-python3\n/root\n`,
      stderr: "",
      exitCode: 0,
    });
  });

  test("a script fed on stdin runs under sh with the remote environment cleared", () => {
    const run = opensshRun(sim.info, "sh", 'echo "$((40 + 2)) ${SSH_CONNECTION:-no-ssh-env} ${HOME}"\n');
    expect(run).toEqual({ stdout: "42 no-ssh-env /root\n", stderr: "", exitCode: 0 });
  });

  test("/boot and /proc/cmdline seen over SSH are the simulated host's own files", () => {
    sim.writeHostFile("/boot/sim-marker", "simulated\n");
    const run = opensshRun(sim.info, "cat /proc/cmdline; cat /boot/sim-marker; cat /etc/xensource-inventory");
    expect(run).toEqual({
      stdout: `${sim.readHostFile("/proc/cmdline")}simulated\n${sim.readHostFile("/etc/xensource-inventory")}`,
      stderr: "",
      exitCode: 0,
    });
    expect(sim.readHostFile("/proc/cmdline")).toBe(`${sim.state().cmdline}\n`);
  });

  test("the machine's own /boot, /proc/cmdline and mounts are untouched while the host runs", () => {
    expect(machineSnapshot()).toEqual(before);
    expect(fs.existsSync("/etc/xensource-inventory")).toBe(false);
    expect(fs.existsSync("/opt/xensource")).toBe(false);
  });

  test("a file written over SSH lands in the host directory", () => {
    const run = opensshRun(sim.info, "printf 'written\\n' > /boot/from-ssh && cat /boot/from-ssh");
    expect(run).toEqual({ stdout: "written\n", stderr: "", exitCode: 0 });
    expect(fs.readFileSync(path.join(dir, "root", "boot", "from-ssh"), "utf8")).toBe("written\n");
    expect(fs.existsSync("/boot/from-ssh")).toBe(false);
  });
});
