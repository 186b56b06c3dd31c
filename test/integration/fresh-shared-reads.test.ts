/**
 * The resources of one run share the host: one SSH connection, and one
 * listing of every guest per host for the reads made together, measured with
 * the simulated host's counters over real SSH; and no read is answered from
 * before it was asked.
 */
import { hiddenPciDeviceProvider } from "../../provider/providers/hidden-pci-device";
import { pciAssignmentProvider as provider } from "../../provider/providers/pci-assignment";
import { closeSessions } from "../../provider/host/session/session-registry";
import { readExtlinuxInstalls } from "../../sim/host";
import { generatedInventory, generatedPciAddress, generatedVmUuid } from "../support/generated-inventory";
import { nextRun } from "../support/next-run";
import { simConnection } from "../support/sim-cases";
import { useSimHost } from "../support/sim-fixture";

const hidden = hiddenPciDeviceProvider;
const VMS = 12;
const HIDDEN = 8;
const indexes = Array.from({ length: VMS }, (_, i) => i);
/** Devices VMS.. are hidden from dom0; 0..VMS-1 go to the VMs. */
const hiddenAddresses = Array.from({ length: HIDDEN }, (_, i) => generatedPciAddress(VMS + i));

describe("PciAssignment resources of one run share the host", () => {
  const sim = useSimHost({ profile: "xs62", inventory: generatedInventory("xs62", { vms: VMS, devices: VMS + HIDDEN }) }, { name: "xspci-shared-", beforeStop: closeSessions });
  let connection: Record<string, unknown>;
  const inputs = (i: number) => ({ connection, vmUuid: generatedVmUuid(i), devices: [generatedPciAddress(i)] });
  const outputs = new Map<number, Record<string, unknown>>();

  beforeAll(() => {
    connection = simConnection(sim);
  });

  beforeEach(async () => {
    // Each test is a new engine run: a new process, no pooled connection, nothing read yet.
    await closeSessions();
    nextRun();
    sim.resetCounters();
  });

  const keyOf = (i: number): string | undefined => sim.state().vms.find((vm) => vm.uuid === generatedVmUuid(i))?.otherConfig.pci;

  // A listing is three execs side by side: `xe vm-list` of every guest and `xe host-list` of the
  // pool's members in one each, and one for dom0's reads (the PCI backends, sysfs, the inventory).
  test("twelve creates at once use one connection, one listing, and one exec with a write and its read back each", async () => {
    const created = await Promise.all(indexes.map((i) => provider.create(inputs(i))));
    created.forEach(({ outs }, i) => outputs.set(i, { ...outs }));
    expect(created.map(({ outs }) => outs.pciValue)).toEqual(indexes.map((i) => `0/${generatedPciAddress(i)}`));
    expect(indexes.map(keyOf)).toEqual(indexes.map((i) => `0/${generatedPciAddress(i)}`));
    expect(sim.state().counters).toEqual({ sshConnections: 1, execs: 3 + VMS, xeCalls: 2 + 2 * VMS });
  });

  test("twelve reads at once cost one listing", async () => {
    const reads = await Promise.all(indexes.map((i) => provider.read(`127.0.0.1/${generatedVmUuid(i)}`, outputs.get(i) ?? {})));
    expect(reads.map(({ props }) => props.pciValue)).toEqual(indexes.map((i) => `0/${generatedPciAddress(i)}`));
    expect(sim.state().counters).toEqual({ sshConnections: 1, execs: 3, xeCalls: 2 });
  });

  test("a read after a hand edit made between two reads of the process reports the edit", async () => {
    const vmUuid = generatedVmUuid(1);
    const id = `127.0.0.1/${vmUuid}`;
    const before = await provider.read(id, outputs.get(1) ?? {});
    expect(before.props.pciValue).toBe(`0/${generatedPciAddress(1)}`);
    // Changed by hand between two reads of the same process: no new run, no wait.
    expect(sim.xe("vm-param-set", `uuid=${vmUuid}`, `other-config:pci=0/${generatedPciAddress(1)},1/${generatedPciAddress(0)}`).exitCode).toBe(0);
    const after = await provider.read(id, outputs.get(1) ?? {});
    expect(after.props).toMatchObject({ pciValue: `0/${generatedPciAddress(1)},1/${generatedPciAddress(0)}`, devices: [generatedPciAddress(1), generatedPciAddress(0)] });
    expect(sim.xe("vm-param-set", `uuid=${vmUuid}`, `other-config:pci=0/${generatedPciAddress(1)}`).exitCode).toBe(0);
  });

  test("reads asked together share one listing, and a read asked after it started gets a listing of its own", async () => {
    const id = (i: number): string => `127.0.0.1/${generatedVmUuid(i)}`;
    const together = Promise.all([0, 1, 2].map((i) => provider.read(id(i), outputs.get(i) ?? {})));
    const first = await together;
    const later = await provider.read(id(3), outputs.get(3) ?? {});
    expect([...first, later].map(({ props }) => props.pciValue)).toEqual([0, 1, 2, 3].map((i) => `0/${generatedPciAddress(i)}`));
    expect(sim.state().counters).toEqual({ sshConnections: 1, execs: 6, xeCalls: 4 });
  });

  test("twelve deletes at once use one listing and one removal each", async () => {
    await Promise.all(indexes.map((i) => provider.delete(`127.0.0.1/${generatedVmUuid(i)}`, outputs.get(i) ?? {})));
    expect(indexes.map(keyOf)).toEqual(indexes.map(() => undefined));
    expect(sim.state().counters).toEqual({ sshConnections: 1, execs: 3 + VMS, xeCalls: 2 + VMS });
  });

  test("a VM whose other-config cannot say exactly what pci holds is read on its own", async () => {
    const vmUuid = generatedVmUuid(0);
    expect(sim.xe("vm-param-set", `uuid=${vmUuid}`, "other-config:note=moved; pci: 0/0000:07:00.0").exitCode).toBe(0);
    expect(sim.xe("vm-param-set", `uuid=${vmUuid}`, "other-config:zz=last; pci: 0/0000:07:00.1").exitCode).toBe(0);
    sim.resetCounters();
    const read = await provider.read(`127.0.0.1/${vmUuid}`, outputs.get(0) ?? {});
    // No pci key: the fragments `pci: …` belong to the values of `note` and `zz`.
    expect(read.props).toMatchObject({ pciValue: "", devices: [] });
    // The listing (3 execs, 2 xe calls), then the VM's own reads side by side: its record and
    // its pci key exactly in an exec each, the PCI backends and the inventory in a third.
    expect(sim.state().counters).toEqual({ sshConnections: 1, execs: 6, xeCalls: 4 });
  });

  describe("HiddenPciDevice", () => {
    const created = new Map<string, { id: string; outs: Record<string, unknown> }>();
    let original = "";

    test("eight creates at once read the boot facts and the root disk once, commit all eight entries together, and read the file once for their outputs", async () => {
      original = sim.readHostFile("/boot/extlinux.conf");
      const installsBefore = readExtlinuxInstalls(sim.info.dir).length;
      const results = await Promise.all(hiddenAddresses.map((address) => hidden.create({ connection, address, method: "auto" })));
      results.forEach(({ id, outs }, i) => created.set(hiddenAddresses[i] ?? "", { id, outs: outs }));
      expect(results.map(({ outs }) => outs.hiddenInBootConfig)).toEqual(hiddenAddresses.map(() => true));
      // Queued one after the other, the edits leave the entries in the order they were made.
      const xeLabel = sim.readHostFile("/boot/extlinux.conf").split("\nlabel ")[1] ?? "";
      expect(hiddenAddresses.every((address) => xeLabel.includes(`(${address})`))).toBe(true);
      expect(xeLabel.match(/pciback\.hide=\S*/g)).toHaveLength(1);
      // 1 boot snapshot, 2 for the root disk (stat, readlink), 1 read of the file for the round, 1 commit,
      // and 1 read of the file for the eight outputs (reads are fresh: the outputs never come from the plan).
      expect(sim.state().counters).toEqual({ sshConnections: 1, execs: 6, xeCalls: 0 });
      expect(readExtlinuxInstalls(sim.info.dir).length - installsBefore).toBe(1);
    });

    test("eight reads at once cost one exec for the boot facts and one for the file", async () => {
      const reads = await Promise.all(hiddenAddresses.map((address) => hidden.read(created.get(address)?.id ?? "", created.get(address)?.outs ?? {})));
      expect(reads.map((read) => read.props.hiddenInBootConfig)).toEqual(hiddenAddresses.map(() => true));
      expect(sim.state().counters).toEqual({ sshConnections: 1, execs: 2, xeCalls: 0 });
    });

    test("a read after a hand edit of the boot configuration made between two reads of the process reports the edit", async () => {
      const address = hiddenAddresses[0] ?? "";
      const resource = created.get(address) ?? { id: "", outs: {} };
      expect((await hidden.read(resource.id, resource.outs)).props.hiddenInBootConfig).toBe(true);
      const edited = sim.readHostFile("/boot/extlinux.conf");
      // Removed by hand between two reads of the same process: no new run, no wait.
      sim.writeHostFile("/boot/extlinux.conf", edited.split(`(${address})`).join(""));
      const after = await hidden.read(resource.id, resource.outs);
      expect(after.props.hiddenInBootConfig).toBe(false);
      expect(after.props.nextSteps).toContain(`${address} is missing from pciback.hide in /boot/extlinux.conf (labels xe, xe-serial, safe, fallback, fallback-serial); run \`pulumi up\` to add it again.`);
      sim.writeHostFile("/boot/extlinux.conf", edited);
    });

    test("eight deletes at once read once and commit together", async () => {
      await Promise.all(hiddenAddresses.map((address) => hidden.delete(created.get(address)?.id ?? "", created.get(address)?.outs ?? {})));
      expect(sim.readHostFile("/boot/extlinux.conf")).toBe(original);
      expect(sim.state().counters).toEqual({ sshConnections: 1, execs: 3, xeCalls: 0 });
    });
  });
});
