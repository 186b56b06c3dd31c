import { execFileSync, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";

import { CommandError, HostKeyError, SshError } from "../../../provider/errors";
import type { Connection } from "../../../provider/model/connection";
import { SshHost, SshPool, type CommandResult, type RunOptions, type ScriptOptions } from "../../../provider/remote/ssh";

/** The connections of this file's tests: one pool, as one host session would have, closed after each test. */
let pool = new SshPool();
const runCommand = (conn: Connection, argv: readonly string[], opts?: RunOptions): Promise<CommandResult> => new SshHost(conn, pool).runCommand(argv, opts);
const runScript = (conn: Connection, script: string, opts?: ScriptOptions): Promise<CommandResult> => new SshHost(conn, pool).runScript(script, opts);
async function closeAll(): Promise<void> {
  const closing = pool;
  pool = new SshPool();
  await closing.closeAll();
}
import type { SimHost } from "../../../sim";
import { containing } from "../../support/error-match";
import { rejectionOf } from "../../support/rejection";
import { useSimHost } from "../../support/sim-fixture";

/** Another ed25519 public key, for a known_hosts file that holds the wrong key. */
const OTHER_ED25519 = "AAAAC3NzaC1lZDI1NTE5AAAAIEWNDTfsp9ZUX/ksvKvAU0T2H/8GGCCzaS1dedX1ULVB";

/** The known_hosts line ssh-keyscan writes for the host's key of `keyType`. */
function keyscanLine(sim: SimHost, keyType: "ed25519" | "rsa"): string {
  const out = execFileSync("ssh-keyscan", ["-p", String(sim.info.port), "-t", keyType, sim.info.host], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
  });
  const line = out.split("\n").find((l) => l.startsWith(`[${sim.info.host}]:${sim.info.port} `));
  if (line === undefined) throw new Error(`ssh-keyscan printed no ${keyType} key`);
  return line;
}

/** Resolves once `file` exists (a daemon's socket), polling briefly. */
async function waitForFile(file: string): Promise<void> {
  for (let attempt = 0; attempt < 100 && !fs.existsSync(file); attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  if (!fs.existsSync(file)) throw new Error(`${file} did not appear`);
}

describe("the SSH layer against a simulated XenServer 6.2 host", () => {
  let dir: string;
  const sim = useSimHost({ profile: "xs62" }, { name: "xspci-ssh-host-", beforeStop: closeAll });
  let privateKey: string;

  const connection = (overrides: Partial<Connection> = {}): Connection => ({
    host: sim.info.host,
    port: sim.info.port,
    user: sim.info.user,
    privateKey,
    hostKey: sim.info.hostKeyFingerprint,
    insecureIgnoreHostKey: false,
    timeoutMs: 15_000,
    sudo: false,
    ...overrides,
  });

  const writeKnownHosts = (name: string, text: string): string => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  };

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "xspci-ssh-"));
    privateKey = fs.readFileSync(sim.info.privateKeyPath, "utf8");
  });

  beforeEach(() => {
    sim.resetCounters();
  });

  // Every test starts without pooled connections, so the counters are its own.
  afterEach(async () => {
    await closeAll();
  });

  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("logs in with the private key, checks the pinned host key and runs xe", async () => {
    const result = await runCommand(connection(), ["xe", "vm-list", "--minimal"]);

    expect(sim.state().counters).toEqual({ sshConnections: 1, execs: 1, xeCalls: 1 });
    expect(result).toEqual({ stdout: sim.xe("vm-list", "--minimal").stdout, stderr: "", exitCode: 0 });
    // Every guest of the seed's machine, plus dom0, as `xe vm-list --minimal` lists them on a real host.
    expect(result.stdout.trim().split(",")).toEqual(expect.arrayContaining(sim.state().vms.map((vm) => vm.uuid)));
    expect(result.stdout.trim().split(",")).toHaveLength(4);
  });

  it("runs many commands of one connection's users over a single SSH connection", async () => {
    const conn = connection();
    const results = await Promise.all([1, 2, 3, 4, 5].map((n) => runCommand(conn, ["echo", `run ${n}`])));

    expect(results.map((r) => r.stdout)).toEqual(["run 1\n", "run 2\n", "run 3\n", "run 4\n", "run 5\n"]);
    expect(sim.state().counters).toEqual({ sshConnections: 1, execs: 5, xeCalls: 0 });
  });

  it("keeps an idle pooled connection open without keeping the process alive", () => {
    // A program of its own, so that nothing else holds the event loop: it runs a command through the
    // built package, then lists what still keeps it alive while the connection is pooled and idle.
    const program = [
      `const { SshHost } = require(${JSON.stringify(path.join(__dirname, "..", "..", "..", "dist", "provider", "remote", "ssh.js"))});`,
      `const conn = JSON.parse(process.argv[1]);`,
      `new SshHost(conn).runCommand(["true"]).then(() => setImmediate(() => console.log(JSON.stringify(process.getActiveResourcesInfo()))));`,
    ].join("\n");
    const stdout = execFileSync(process.execPath, ["-e", program, JSON.stringify(connection())], { encoding: "utf8", timeout: 20_000 });
    const keepingAlive = (JSON.parse(stdout) as string[]).filter((type) => type === "TCPSocketWrap" || type === "Timeout");
    expect(keepingAlive).toEqual([]);
    expect(sim.state().counters).toEqual({ sshConnections: 1, execs: 1, xeCalls: 0 });
  });

  it("refuses a host whose key does not match the pin before running anything, and names the key to pin", async () => {
    const wrongPin = "SHA256:i5VSkS/sP87roBWzOzIpqGlpqGP6Owj/HC2Wj/H0CN8";
    const presented = sim.info.hostKeyFingerprint;

    const error = await rejectionOf(runCommand(connection({ hostKey: wrongPin }), ["xe", "vm-list"]));

    expect(error).toBeInstanceOf(HostKeyError);
    expect((error as HostKeyError).presentedFingerprint).toBe(presented);
    expect(error).toMatchObject({
      code: "HOST_KEY_REJECTED",
      reason: containing(`127.0.0.1:${sim.info.port}: the host key ${presented} does not match connection.hostKey (${wrongPin}).`),
      hint:
        `Check the key on the host with: ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub. If the host's key was replaced on purpose, ` +
        `set connection.hostKey to "${presented}"; otherwise do not connect: someone may be intercepting the connection.`,
    });
    expect(sim.state().counters).toEqual({ sshConnections: 1, execs: 0, xeCalls: 0 });
  });

  it("refuses an unknown host when there is no pin and known_hosts is empty", async () => {
    const knownHostsFile = writeKnownHosts("empty_known_hosts", "");
    const presented = sim.info.hostKeyFingerprint;

    const error = await rejectionOf(runCommand(connection({ hostKey: undefined, knownHostsFile }), ["true"]));

    expect(error).toBeInstanceOf(HostKeyError);
    expect(error).toMatchObject({
      code: "HOST_KEY_REJECTED",
      reason: containing(`127.0.0.1:${sim.info.port}: the host key ${presented} matches neither connection.hostKey nor ${knownHostsFile}.`),
      hint:
        `If this is the right host, pin it: set connection.hostKey to "${presented}" (check it on the host with: ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub).`,
    });
    expect(sim.state().counters.execs).toBe(0);
  });

  it("trusts the host key that known_hosts lists, in plain and in hashed form", async () => {
    const plain = writeKnownHosts("plain_known_hosts", `${keyscanLine(sim, "ed25519")}\n`);
    const hashed = writeKnownHosts("hashed_known_hosts", `${keyscanLine(sim, "ed25519")}\n`);
    execFileSync("ssh-keygen", ["-H", "-f", hashed], { stdio: "ignore" });

    await expect(runCommand(connection({ hostKey: undefined, knownHostsFile: plain }), ["echo", "plain"])).resolves.toEqual({
      stdout: "plain\n",
      stderr: "",
      exitCode: 0,
    });
    expect(fs.readFileSync(hashed, "utf8")).toMatch(/^\|1\|/);
    await expect(runCommand(connection({ hostKey: undefined, knownHostsFile: hashed }), ["echo", "hashed"])).resolves.toEqual({
      stdout: "hashed\n",
      stderr: "",
      exitCode: 0,
    });
  });

  it("asks for the key type known_hosts holds, so a host known by its RSA key is accepted", async () => {
    const knownHostsFile = writeKnownHosts("rsa_known_hosts", `${keyscanLine(sim, "rsa")}\n`);

    await expect(runCommand(connection({ hostKey: undefined, knownHostsFile }), ["echo", "rsa"])).resolves.toEqual({
      stdout: "rsa\n",
      stderr: "",
      exitCode: 0,
    });
  });

  it("refuses a host whose key changed since known_hosts recorded it, warning of a man-in-the-middle", async () => {
    const name = `[127.0.0.1]:${sim.info.port}`;
    const knownHostsFile = writeKnownHosts("changed_known_hosts", `${name} ssh-ed25519 ${OTHER_ED25519}\n`);
    const presented = sim.info.hostKeyFingerprint;

    const error = await rejectionOf(runCommand(connection({ hostKey: undefined, knownHostsFile }), ["true"]));

    expect(error).toBeInstanceOf(HostKeyError);
    expect(error).toMatchObject({
      code: "HOST_KEY_REJECTED",
      reason: containing(
        `127.0.0.1:${sim.info.port}: the host key ${presented} differs from the key ${knownHostsFile} holds for this host (line 1): ` +
          `the host was reinstalled, or someone is intercepting the connection (man-in-the-middle).`,
      ),
      hint:
        `Check the key on the host with: ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub. Only if it prints ${presented}, remove the old entry ` +
        `(ssh-keygen -R '${name}' -f ${knownHostsFile}) or set connection.hostKey to "${presented}".`,
    });
    expect(sim.state().counters.execs).toBe(0);
  });

  it("connects to any host key with insecureIgnoreHostKey", async () => {
    const knownHostsFile = writeKnownHosts("ignored_known_hosts", "");

    await expect(
      runCommand(connection({ hostKey: undefined, knownHostsFile, insecureIgnoreHostKey: true }), ["echo", "insecure"]),
    ).resolves.toEqual({ stdout: "insecure\n", stderr: "", exitCode: 0 });
  });

  it("logs in with a passphrase-protected key and its passphrase", async () => {
    const encrypted = path.join(dir, "encrypted_client_key");
    fs.copyFileSync(sim.info.privateKeyPath, encrypted);
    fs.chmodSync(encrypted, 0o600);
    execFileSync("ssh-keygen", ["-q", "-p", "-P", "", "-N", "correct horse", "-f", encrypted]);
    const encryptedKey = fs.readFileSync(encrypted, "utf8");

    await expect(
      runCommand(connection({ privateKey: encryptedKey, privateKeyPassphrase: "correct horse" }), ["echo", "unlocked"]),
    ).resolves.toEqual({ stdout: "unlocked\n", stderr: "", exitCode: 0 });
    const connectionsBefore = sim.state().counters.sshConnections;
    const error = await rejectionOf(runCommand(connection({ privateKey: encryptedKey, privateKeyPassphrase: "wrong" }), ["true"]));
    expect(error).toBeInstanceOf(SshError);
    expect(error).toMatchObject({
      code: "SSH_BAD_PRIVATE_KEY",
      reason: containing(`connection.privateKey for 127.0.0.1:${sim.info.port}: OpenSSH key integrity check failed -- bad passphrase?`),
      hint: "Give the private key text (OpenSSH or PEM format), and connection.privateKeyPassphrase when it is encrypted.",
    });
    // The key is checked before any connection is opened.
    expect(sim.state().counters.sshConnections).toBe(connectionsBefore);
  });

  it("logs in through an ssh-agent: connection.agent, else SSH_AUTH_SOCK when no key or password is given", async () => {
    const socket = path.join(dir, "agent.sock");
    const agent = spawn("ssh-agent", ["-D", "-a", socket], { stdio: "ignore" });
    const savedSock = process.env.SSH_AUTH_SOCK;
    try {
      await waitForFile(socket);
      execFileSync("ssh-add", ["-q", sim.info.privateKeyPath], { env: { ...process.env, SSH_AUTH_SOCK: socket }, stdio: "ignore" });

      await expect(runCommand(connection({ privateKey: undefined, agent: socket }), ["echo", "agent"])).resolves.toEqual({
        stdout: "agent\n",
        stderr: "",
        exitCode: 0,
      });
      await closeAll();
      process.env.SSH_AUTH_SOCK = socket;
      await expect(runCommand(connection({ privateKey: undefined }), ["echo", "env agent"])).resolves.toEqual({
        stdout: "env agent\n",
        stderr: "",
        exitCode: 0,
      });
    } finally {
      if (savedSock === undefined) delete process.env.SSH_AUTH_SOCK;
      else process.env.SSH_AUTH_SOCK = savedSock;
      agent.kill();
    }
  });

  it("reports a refused login with SSH_AUTH_FAILED and runs nothing", async () => {
    const otherKey = path.join(dir, "other_client_key");
    execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", otherKey]);

    const error = await rejectionOf(runCommand(connection({ privateKey: fs.readFileSync(otherKey, "utf8") }), ["true"]));

    expect(error).toBeInstanceOf(SshError);
    expect((error as SshError).code).toBe("SSH_AUTH_FAILED");
    expect(error).toMatchObject({
      reason: containing(`127.0.0.1:${sim.info.port} as root: the host refused every credential offered.`),
      hint:
        "Check connection.user and connection.privateKey (and its passphrase), connection.password or the keys loaded in the ssh-agent.",
    });
    expect(sim.state().counters.execs).toBe(0);
  });

  it("delivers stdin byte for byte: every byte value, newlines, no trailing newline", async () => {
    const bytes = Buffer.concat([Buffer.from(Array.from({ length: 256 }, (_, i) => i)), Buffer.from("\r\n\n'$(x)`y`\\")]);
    const md5 = createHash("md5").update(bytes).digest("hex");
    const text = "first line\n\n  indented 'quoted' \"double\" $(not run) `not run`\nno trailing newline";

    const digest = await runScript(connection(), "md5sum", { stdin: bytes });
    const echoed = await runScript(connection(), "cat", { stdin: text });

    expect(digest.stdout).toBe(`${md5}  -\n`);
    expect(echoed.stdout).toBe(text);
  });

  it("passes script arguments exactly, however hostile", async () => {
    const args = ["a b", "it's", "$(reboot)", "`reboot`", "line\nbreak", "", "*", "-n", "é😀"];

    const result = await runScript(connection(), 'for a in "$@"; do printf "[%s]\\n" "$a"; done', { args });

    expect(result.stdout).toBe(args.map((a) => `[${a}]\n`).join(""));
  });

  it("fails with CommandError carrying the exit code, stdout and stderr of a failing command", async () => {
    const error = await rejectionOf(runScript(connection(), 'echo out; echo "bad thing" >&2; exit 3', { label: "the failing script" }));

    expect(error).toBeInstanceOf(CommandError);
    expect(error).toMatchObject({
      code: "COMMAND_FAILED",
      exitCode: 3,
      stdout: "out\n",
      stderr: "bad thing\n",
      reason: containing("the failing script on 127.0.0.1: it exited with code 3: bad thing"),
      hint: "Fix what the command's error output reports on the host, then retry.",
    });
  });

  it("accepts an exit code listed in allowedExitCodes", async () => {
    const argv = ["xe", "vm-param-get", "uuid=nope", "param-name=name-label"];

    const result = await runCommand(connection(), argv, { allowedExitCodes: [0, 1] });

    expect(result).toEqual({ stdout: "", stderr: sim.xe(...argv.slice(1)).stderr, exitCode: 1 });
    expect(result.stderr).not.toBe("");
  });

  it("stops a command that outlives timeoutMs with COMMAND_TIMEOUT, and the next command still runs", async () => {
    const conn = connection({ timeoutMs: 1_500 });

    const error = await rejectionOf(runCommand(conn, ["sleep", "60"]));

    expect(error).toBeInstanceOf(CommandError);
    expect(error).toMatchObject({
      code: "COMMAND_TIMEOUT",
      exitCode: null,
      command: "'sleep' '60'",
      reason: containing("`'sleep' '60'` on 127.0.0.1: it did not finish within 1500 ms and was stopped."),
      hint: "Check the host's load and state (its change may be partial); raise connection.timeoutMs if it is just slow.",
    });
    await expect(runCommand(conn, ["echo", "still usable"])).resolves.toEqual({ stdout: "still usable\n", stderr: "", exitCode: 0 });
  }, 20_000);

  it("reports a connection the host cuts mid-command as CONNECTION_LOST, then reconnects for the next command", async () => {
    const conn = connection();
    await runCommand(conn, ["echo", "warm"]);
    sim.setFaults([{ kind: "drop-connection", tool: "cat", occurrence: 1 }]);

    const error = await rejectionOf(runCommand(conn, ["cat"], { stdin: "data" }));
    sim.clearFaults();

    expect(error).toBeInstanceOf(CommandError);
    expect(error).toMatchObject({
      code: "CONNECTION_LOST",
      exitCode: null,
      reason: containing("`'cat'` on 127.0.0.1: the SSH connection closed before the command finished."),
      hint: "The command may or may not have run; check the host, then retry.",
    });
    await expect(runCommand(conn, ["echo", "again"])).resolves.toEqual({ stdout: "again\n", stderr: "", exitCode: 0 });
    expect(sim.state().counters).toMatchObject({ sshConnections: 2, execs: 3 });
  });

  it("gives up on a listener that accepts TCP but never speaks SSH within timeoutMs", async () => {
    const sockets: net.Socket[] = [];
    const silent = net.createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const { port } = silent.address() as net.AddressInfo;
    try {
      const error = await rejectionOf(runCommand(connection({ port, timeoutMs: 1_000 }), ["true"]));

      expect(error).toBeInstanceOf(SshError);
      expect(error).toMatchObject({
        code: "SSH_CONNECT_TIMEOUT",
        reason: containing(`127.0.0.1:${port}: no SSH session within 1000 ms.`),
        hint: "Check that the address and port lead to the host's sshd; raise connection.timeoutMs for a slow link.",
      });
      expect(sockets).toHaveLength(1);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => {
          resolve();
        }));
    }
  }, 20_000);

  it("reports a closed port with SSH_CONNECT_FAILED", async () => {
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const { port } = probe.address() as net.AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => {
        resolve();
      }));

    const error = await rejectionOf(runCommand(connection({ port }), ["true"]));

    expect(error).toBeInstanceOf(SshError);
    expect(error).toMatchObject({
      code: "SSH_CONNECT_FAILED",
      reason: containing(`127.0.0.1:${port}: connect ECONNREFUSED 127.0.0.1:${port}.`),
      hint: "Check connection.host and connection.port, that sshd runs on the host, and that no firewall blocks the port.",
    });
  });
});

describe("the SSH layer against a simulated host with XenServer 6.2's legacy sshd", () => {
  const sim = useSimHost({ profile: "xs62", legacySsh: true }, { name: "xspci-ssh-legacy-", beforeStop: closeAll });

  it("connects with the appended legacy algorithms and checks the host's RSA key", async () => {
    const conn: Connection = {
      host: sim.info.host,
      port: sim.info.port,
      user: sim.info.user,
      privateKey: fs.readFileSync(sim.info.privateKeyPath, "utf8"),
      hostKey: sim.hostKeyFingerprints().rsa,
      insecureIgnoreHostKey: false,
      timeoutMs: 15_000,
      sudo: false,
    };

    await expect(runCommand(conn, ["xe", "vm-list", "--minimal"])).resolves.toEqual({
      stdout: sim.xe("vm-list", "--minimal").stdout,
      stderr: "",
      exitCode: 0,
    });
  });
});
