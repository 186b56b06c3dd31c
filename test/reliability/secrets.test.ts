/**
 * Reliability: secrets. With an encrypted private key, its passphrase and a
 * password given as inputs, forces failures of every kind through the
 * providers (host key, login, network, deadlines, host state, xe, input) and
 * checks that no error (message, stack, JSON, cause chain), check result or
 * output of the provider contains any of them.
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import { providers } from "../../provider";
import { closeSessions } from "../../provider/host/session/session-registry";
import { setXeLatency } from "../../sim/host";
import { captureCall, keyNeedles, leaks, type Needle } from "./secret-capture";
import { CaseTally, engineCalls, startReliabilitySim, type EngineCalls, type ReliabilitySim } from "./support";
import { nextRun } from "../support/next-run";

const NAS = "db4c64e1-44ce-f9f3-3236-0d86df260249";
const TV = "3e5b9d70-1f2c-4a8e-b6d4-90c1e7f2a845";
const ABSENT_VM = "00000000-1111-2222-3333-444444444444";
const WRONG_PIN = "SHA256:i5VSkS/sP87roBWzOzIpqGlpqGP6Owj/HC2Wj/H0CN8";

/** One forced failure: what to call, and the code (or `check`) that proves it failed the intended way. */
interface SecretCase {
  name: string;
  expect: string;
  run: () => Promise<unknown>;
  before?: () => void;
  after?: () => void;
}

describe("secrets through both providers", () => {
  let rel: ReliabilitySim;
  let silent: net.Server;
  let silentPort: number;
  let closedPort: number;
  let secrets: { key: string; otherKey: string; passphrase: string; password: string };
  const pci = engineCalls(providers.pciAssignment);
  const hidden = engineCalls(providers.hiddenPciDevice);

  beforeAll(async () => {
    rel = await startReliabilitySim("secrets");
    const passphrase = `pp-${randomBytes(12).toString("hex")}`;
    // The simulator's client key, encrypted: the host already authorises it.
    const keyFile = path.join(rel.dir, "encrypted_key");
    fs.copyFileSync(rel.sim.info.privateKeyPath, keyFile);
    fs.chmodSync(keyFile, 0o600);
    execFileSync("ssh-keygen", ["-q", "-p", "-P", "", "-N", passphrase, "-f", keyFile]);
    // A key the host does not authorise, generated encrypted.
    const otherFile = path.join(rel.dir, "unauthorised_key");
    execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", passphrase, "-f", otherFile]);
    secrets = {
      key: fs.readFileSync(keyFile, "utf8"),
      otherKey: fs.readFileSync(otherFile, "utf8"),
      passphrase,
      password: `pw-${randomBytes(12).toString("hex")}`,
    };
    silent = net.createServer((socket) => socket.resume());
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    silentPort = (silent.address() as net.AddressInfo).port;
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    closedPort = (probe.address() as net.AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
  });

  afterAll(async () => {
    await new Promise((resolve) => silent.close(resolve));
    await rel.stop();
  });

  function needles(): Needle[] {
    return [
      { name: "the passphrase", text: secrets.passphrase },
      { name: "the password", text: secrets.password },
      ...keyNeedles("the encrypted key", secrets.key),
      ...keyNeedles("the unauthorised key", secrets.otherKey),
      ...keyNeedles("the plain key", fs.readFileSync(rel.sim.info.privateKeyPath, "utf8")),
    ];
  }

  /** `check`'s failures: its `inputs` echo the inputs to the engine (which keeps secrets secret), the failures are shown. */
  const failuresOf = (calls: EngineCalls, news: Record<string, unknown>) => async () => (await calls.check(news)).failures;

  function cases(): SecretCase[] {
    const connection = { ...rel.connection, privateKey: secrets.key, privateKeyPassphrase: secrets.passphrase, password: secrets.password };
    const conn = (overrides: Record<string, unknown>) => ({ ...connection, ...overrides });
    const assign = (c: Record<string, unknown>, vmUuid = TV, devices = ["06:00.0"]) => () => pci.create({ connection: c, vmUuid, devices });
    const stored = (c: Record<string, unknown>) => ({ connection: c, vmUuid: TV, devices: ["0000:06:00.0"], coldBoot: "never" });
    const hide = (c: Record<string, unknown>, address = "06:00.0") => () => hidden.create({ connection: c, address });
    const echoed = `xe: login as root with password ${secrets.password} and key passphrase ${secrets.passphrase} refused`;
    const sim = rel.sim;
    return [
      { name: "a wrong host key pin", expect: "HOST_KEY_REJECTED", run: assign(conn({ hostKey: WRONG_PIN })) },
      { name: "a wrong pin, on HiddenPciDevice read", expect: "HOST_KEY_REJECTED", run: () => hidden.read("x", { connection: conn({ hostKey: WRONG_PIN }), address: "06:00.0" }) },
      { name: "a wrong passphrase", expect: "SSH_BAD_PRIVATE_KEY", run: assign(conn({ privateKeyPassphrase: `${secrets.passphrase}x` })) },
      { name: "a wrong passphrase, on PciAssignment read", expect: "SSH_BAD_PRIVATE_KEY", run: () => pci.read("x", stored(conn({ privateKeyPassphrase: "wrong passphrase" }))) },
      { name: "a key and password the host refuses", expect: "SSH_AUTH_FAILED", run: assign(conn({ privateKey: secrets.otherKey })) },
      { name: "a refused login, on HiddenPciDevice create", expect: "SSH_AUTH_FAILED", run: hide(conn({ privateKey: secrets.otherKey })) },
      { name: "a closed port", expect: "SSH_CONNECT_FAILED", run: assign(conn({ port: closedPort })) },
      { name: "a closed port, on PciAssignment delete", expect: "SSH_CONNECT_FAILED", run: () => pci.delete("x", stored(conn({ port: closedPort }))) },
      { name: "a listener that never speaks SSH", expect: "SSH_CONNECT_TIMEOUT", run: assign(conn({ port: silentPort, timeoutMs: 1000 })) },
      {
        name: "an xe that never returns",
        expect: "COMMAND_TIMEOUT",
        run: assign(conn({ timeoutMs: 1500 })),
        before: () => { setXeLatency(sim.info.dir, 600_000); },
        after: () => { setXeLatency(sim.info.dir, 0); },
      },
      { name: "an unknown VM", expect: "VM_NOT_FOUND", run: assign(connection, ABSENT_VM) },
      { name: "an unknown device", expect: "PCI_DEVICE_NOT_FOUND", run: assign(connection, TV, ["09:00.0"]) },
      { name: "an unknown device, on HiddenPciDevice create", expect: "PCI_DEVICE_NOT_FOUND", run: hide(connection, "0a:00.0") },
      { name: "dom0's root disk controller", expect: "ROOT_DISK_CONTROLLER", run: hide(connection, "00:1f.2") },
      {
        name: "a device another VM holds",
        expect: "PCI_DEVICE_IN_USE",
        run: assign(connection),
        before: () => { sim.xe("vm-param-set", `uuid=${NAS}`, "other-config:pci=0/0000:06:00.0"); },
        after: () => { sim.xe("vm-param-remove", `uuid=${NAS}`, "param-name=other-config", "param-key=pci"); },
      },
      {
        name: "xapi down (xe fault)",
        expect: "XAPI_UNREACHABLE",
        run: assign(connection),
        before: () => { sim.setFaults([{ kind: "xe-fail", call: 1, stderr: "Error: Connection refused (calling connect )\n" }]); },
        after: () => { sim.clearFaults(); },
      },
      { name: "xe losing xapi (xe fault)", expect: "XE_FAILED", run: assign(connection), before: () => { sim.setFaults([{ kind: "xe-fail", call: 1 }]); }, after: () => { sim.clearFaults(); } },
      {
        name: "an xe failure whose output echoes the secrets",
        expect: "XE_FAILED",
        run: assign(connection),
        before: () => { sim.setFaults([{ kind: "xe-fail", call: 1, exitCode: 1, stderr: echoed, stdout: echoed }]); },
        after: () => { sim.clearFaults(); },
      },
      {
        name: "a failing command whose output echoes the secrets, on HiddenPciDevice create",
        expect: "COMMAND_FAILED",
        run: hide(connection),
        before: () => { sim.setFaults([{ kind: "fail-exec", exec: 1, exitCode: 2, stderr: echoed }]); },
        after: () => { sim.clearFaults(); },
      },
      {
        name: "a connection cut during xe",
        expect: "CONNECTION_LOST",
        run: assign(connection),
        before: () => { sim.setFaults([{ kind: "drop-connection", tool: "xe", occurrence: 1 }]); },
        after: () => { sim.clearFaults(); },
      },
      { name: "invalid input in create", expect: "INVALID_INPUT", run: assign(conn({ port: 0 })) },
      { name: "invalid input in check", expect: "check", run: failuresOf(pci, { connection: conn({ port: "22", user: "-root" }), vmUuid: TV, devices: ["6:0.0"] }) },
      {
        name: "secrets under misspelt keys in check",
        expect: "check",
        run: failuresOf(hidden, { connection: { ...rel.connection, passwd: secrets.password, private_key: secrets.key, passphrase: secrets.passphrase }, address: "06:00.0" }),
      },
      { name: "secrets of wrong types beside them in check", expect: "check", run: failuresOf(pci, { connection: conn({ privateKeyPassphrase: [secrets.passphrase], password: { value: secrets.password } }), vmUuid: TV, devices: ["06:00.0"] }) },
    ];
  }

  it("no forced failure of any kind shows the key, its passphrase or the password anywhere", async () => {
    const tally = new CaseTally();
    const list = cases();
    const found = needles();
    for (const secretCase of list) {
      await tally.run(secretCase.name, async () => {
        // Each case is a run of its own: a new process, nothing pooled or read yet.
        await closeSessions();
        nextRun();
        secretCase.before?.();
        let capture;
        try {
          capture = await captureCall(secretCase.run);
        } finally {
          secretCase.after?.();
        }
        const outcome = secretCase.expect === "check"
          ? Array.isArray(capture.result) && capture.result.length > 0 ? "check" : "check passed"
          : (capture.error as { code?: string } | undefined)?.code ?? "no error";
        // Only names of leaked secrets are reported, never the secrets themselves.
        expect({ outcome, leaks: leaks(capture, found) }).toEqual({ outcome: secretCase.expect, leaks: [] });
      });
    }
    await tally.run("a successful create, read and delete with every secret set", async () => {
      nextRun();
      const connection = { ...rel.connection, privateKey: secrets.key, privateKeyPassphrase: secrets.passphrase, password: secrets.password };
      const capture = await captureCall(async () => {
        const { id, outs } = await pci.create({ connection, vmUuid: NAS, devices: ["06:00.0"] });
        await pci.read(id, outs);
        await pci.delete(id, outs);
        return { id, vmName: outs.vmName };
      });
      expect({ error: capture.error, result: capture.result, leaks: leaks({ ...capture, texts: capture.texts.filter(([label]) => label === "output") }, found) }).toEqual({
        error: undefined,
        result: { id: `127.0.0.1/${NAS}`, vmName: "NAS" },
        leaks: [],
      });
    });
    const row = tally.record("secrets", `${list.length} forced failures (host key, passphrase, login, refused, 2 deadlines, VM, device, conflict, xe, echoed secrets, input): errors, causes, output`);
    expect(tally.failures).toEqual([]);
    expect(row.held).toBe(row.cases);
  });
});
