/**
 * The lookups and the command line against the simulated host over real SSH:
 * every PCI function with its identity, hide state and claims; a VM by name;
 * the refusals of an unknown or ambiguous name; the command line's tables,
 * JSON and usage errors.
 */
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { getPciDevices, getVm, getVmOutput } from "../../provider";
import { closeSessions } from "../../provider/host/session/session-registry";
import { hiddenPciDeviceProvider as hidden } from "../../provider/providers/hidden-pci-device";
import { defaultInventory } from "../../sim/host/default-inventory";
import { hardwareOf } from "../support/inventory-hardware";
import { simConnection } from "../support/sim-cases";
import { useSimHost } from "../support/sim-fixture";

const NAS = "db4c64e1-44ce-f9f3-3236-0d86df260249";
const GAMING = "7a1c3f52-9b0e-4d21-8c6e-2f0a9d4b6e13";
const TV = "3e5b9d70-1f2c-4a8e-b6d4-90c1e7f2a845";
const HOST_UUID_PATTERN = /^[0-9a-f-]{36}$/;
const CLI = path.join(__dirname, "..", "..", "dist", "provider", "cli", "main.js");
const SEED = defaultInventory("xs62").pcis;

describe.each([
  { name: "xs62", profile: "xs62" as const },
  { name: "xcpng83", profile: "xcpng83" as const },
])("lookups and the command line on a simulated $name host", ({ name, profile }) => {
  const sim = useSimHost({ profile }, { name: `xspci-lookups-${name}-`, beforeStop: closeSessions });
  let connection: Record<string, unknown>;
  const cli = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8" });
  const cliConnection = (): string[] => [
    "--host",
    sim.info.host,
    "--port",
    String(sim.info.port),
    "--user",
    sim.info.user,
    "--identity",
    sim.info.privateKeyPath,
    "--host-key",
    sim.info.hostKeyFingerprint,
  ];
  const seed = defaultInventory(profile).pcis;

  beforeAll(async () => {
    connection = simConnection(sim);
    // The NAS has the storage controller, which the boot configuration hides; the Gaming VM the GPU.
    expect(sim.xe("vm-param-set", `uuid=${NAS}`, "other-config:pci=0/0000:01:00.0").exitCode).toBe(0);
    expect(sim.xe("vm-param-set", `uuid=${GAMING}`, "other-config:pci=0/0000:07:00.0,1/0000:07:00.1").exitCode).toBe(0);
    await hidden.create({ connection, address: "01:00.0" });
    await closeSessions();
  });

  test("getPciDevices lists every function with its identity, driver, hide state, claims, siblings and the root disk", async () => {
    const result = await getPciDevices({ connection: connection as never });
    expect(result.hostUuid).toMatch(HOST_UUID_PATTERN);
    expect(result).toMatchObject({ hostName: "xenserver-home", iommuEnabled: true });
    const row = (address: string, extra: Record<string, unknown>) => {
      const pci = seed.find((p) => p.address === address);
      if (pci === undefined) throw new Error(address);
      return { ...hardwareOf(pci), driver: pci.driver, hiddenNow: false, hiddenInBootConfig: false, assignedTo: [], siblings: [], holdsRootDisk: false, ...extra };
    };
    expect(result.devices).toEqual([
      row("0000:00:19.0", {}),
      row("0000:00:1f.2", { holdsRootDisk: true }),
      row("0000:01:00.0", { hiddenInBootConfig: true, assignedTo: [{ uuid: NAS, nameLabel: "NAS" }] }),
      row("0000:06:00.0", {}),
      row("0000:07:00.0", { siblings: ["0000:07:00.1"], assignedTo: [{ uuid: GAMING, nameLabel: "Gaming" }] }),
      row("0000:07:00.1", { siblings: ["0000:07:00.0"], assignedTo: [{ uuid: GAMING, nameLabel: "Gaming" }] }),
    ]);
  });

  test("getVm finds a VM by name, and getVmOutput resolves to the same", async () => {
    await expect(getVm({ connection: connection as never, nameLabel: "NAS" })).resolves.toEqual({ uuid: NAS, nameLabel: "NAS", powerState: "running", residentOn: "xenserver-home" });
    await expect(getVm({ connection: connection as never, nameLabel: "TV" })).resolves.toEqual({ uuid: TV, nameLabel: "TV", powerState: "halted", residentOn: "" });
    const output = getVmOutput({ connection: connection as never, nameLabel: "Gaming" });
    const resolved = await new Promise((resolve) => output.apply(resolve));
    expect(resolved).toEqual({ uuid: GAMING, nameLabel: "Gaming", powerState: "running", residentOn: "xenserver-home" });
  });

  test("getVm refuses an unknown name listing the VMs, and an ambiguous one listing the candidates", async () => {
    await expect(getVm({ connection: connection as never, nameLabel: "nas" })).rejects.toMatchObject({
      code: "VM_NOT_FOUND",
      message:
        'Unable to find VM "nas" on 127.0.0.1: no VM is named "nas" on 127.0.0.1 (its VMs: "NAS", "Gaming", "TV").\n' +
        "Names are exact and case-sensitive: use one of the names listed, or `npx pulumi-xenserver-pci vms` to see them.",
    });
    expect(sim.xe("vm-param-set", `uuid=${TV}`, "name-label=NAS").exitCode).toBe(0);
    try {
      await expect(getVm({ connection: connection as never, nameLabel: "NAS" })).rejects.toMatchObject({
        code: "VM_NAME_AMBIGUOUS",
        message:
          `Unable to find VM "NAS" on 127.0.0.1: 2 VMs are named "NAS" on 127.0.0.1: ${NAS} (running), ${TV} (halted).\n` +
          "Give each VM its own name (`xe vm-param-set uuid=<uuid> name-label=<new name>`), or use the UUID of the one you mean as vmUuid.",
      });
    } finally {
      expect(sim.xe("vm-param-set", `uuid=${TV}`, "name-label=TV").exitCode).toBe(0);
    }
  });

  test("a bad connection is refused before anything is opened", async () => {
    const before = sim.state().counters.sshConnections;
    await expect(getPciDevices({ connection: { ...connection, port: 0 } as never })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    expect(sim.state().counters.sshConnections).toBe(before);
  });

  test("the devices command prints the table, and --json the lookup's result", () => {
    const table = cli("devices", ...cliConnection());
    expect(table.stderr).toBe("");
    expect(table.status).toBe(0);
    const lines = table.stdout.split("\n");
    expect(lines[0]).toMatch(/^Host xenserver-home \([0-9a-f-]{36}\), IOMMU on$/);
    const storage = seed.find((p) => p.address === "0000:01:00.0");
    expect(lines.slice(2).map((line) => line.split(/ {2,}/))).toEqual([
      ["ADDRESS", "IDS", "NAME", "DRIVER", "HIDDEN", "ASSIGNED TO"],
      ...seed.map((pci) => {
        const h = hardwareOf(pci);
        const assigned = pci.address === "0000:01:00.0" ? "NAS" : pci.address.startsWith("0000:07:00") ? "Gaming" : pci.address === "0000:00:1f.2" ? "(dom0 root disk)" : "";
        const hiddenText = pci === storage ? "after reboot" : "no";
        return [pci.address, `${h.vendorId}:${h.deviceId}`, `${h.vendorName} ${h.deviceName}`, pci.driver, hiddenText, ...(assigned === "" ? [] : [assigned])];
      }),
      [""],
    ]);
    const json = cli("devices", ...cliConnection(), "--json");
    expect(json.status).toBe(0);
    expect((JSON.parse(json.stdout) as { devices: { address: string }[] }).devices.map((d) => d.address)).toEqual(seed.map((p) => p.address));
  });

  test("the vms command prints every VM with its power state and pci key", () => {
    const result = cli("vms", ...cliConnection());
    expect(result.status).toBe(0);
    expect(result.stdout.split("\n").map((line) => line.split(/ {2,}/))).toEqual([
      ["NAME", "UUID", "POWER", "RESIDENT ON", "PCI"],
      ["NAS", NAS, "running", "xenserver-home", "0/0000:01:00.0"],
      ["Gaming", GAMING, "running", "xenserver-home", "0/0000:07:00.0,1/0000:07:00.1"],
      ["TV", TV, "halted"],
      [""],
    ]);
  });

  test("bad usage exits 2 with the usage; a refused host key exits 1 with the resources' error", () => {
    const usage = cli("devices");
    expect(usage.status).toBe(2);
    expect(usage.stderr.split("\n")[0]).toBe("pulumi-xenserver-pci: --host is required");
    expect(usage.stderr).toContain("Usage: pulumi-xenserver-pci <devices|vms> --host HOST");
    const unknown = cli("disks", "--host", "h");
    expect(unknown.status).toBe(2);
    expect(unknown.stderr.split("\n")[0]).toBe('pulumi-xenserver-pci: unknown command "disks"; expected devices, vms or plugin install');
    const wrongKey = cli("devices", ...cliConnection().slice(0, -1), "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    expect(wrongKey.status).toBe(1);
    expect(wrongKey.stdout).toBe("");
    expect(wrongKey.stderr.startsWith("pulumi-xenserver-pci: Unable to list the PCI devices on 127.0.0.1: ")).toBe(true);
  });
});

// The seed's xs62 and xcpng83 machines have the same functions (drivers differ).
test("both profiles seed the same PCI addresses", () => {
  expect(defaultInventory("xcpng83").pcis.map((p) => p.address)).toEqual(SEED.map((p) => p.address));
});
