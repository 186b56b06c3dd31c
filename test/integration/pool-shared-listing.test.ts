/**
 * The members of a pool share the pool part of their listings (`xe vm-list`
 * and `xe host-list`, which any member answers for the whole pool), over real
 * SSH to each member of a simulated pool: once each member's own listing has
 * shown it in the pool, reads on several members at once cost one `xe vm-list`
 * in the whole pool, run by the asking member that has run the fewest; a read still reports a
 * change made a moment before it, through any member; and one member's
 * failure stays its own.
 */
import { closeSessions } from "../../provider/host/session/session-registry";
import { pciAssignmentProvider as provider } from "../../provider/providers/pci-assignment";
import { generatedPciAddress, generatedPoolInventory, generatedPoolVmUuid } from "../support/generated-inventory";
import { simConnection } from "../support/sim-cases";
import { useSimPool } from "../support/sim-fixture";

const MEMBERS = 3;
const members = Array.from({ length: MEMBERS }, (_, i) => i);

describe("the members of a pool share the pool part of their listings", () => {
  const pool = useSimPool({ size: MEMBERS, profile: "xs62", inventory: generatedPoolInventory("xs62", MEMBERS, { vms: 2, devices: 2 }) }, { name: "xspci-pool-shared-", beforeStop: closeSessions });
  /** Outputs of VM 1 of each member (a running VM with one device), by member. */
  const outputs = new Map<number, Record<string, unknown>>();

  const connectionOf = (member: number): Record<string, unknown> => {
    const host = pool.members[member];
    if (host === undefined) throw new Error(`the pool has no member ${String(member)}`);
    return simConnection(host);
  };
  const vmOf = (member: number): string => generatedPoolVmUuid(member, 1);
  const idOf = (member: number): string => `127.0.0.1/${vmOf(member)}`;
  const readOn = (member: number) => provider.read(idOf(member), outputs.get(member) ?? {});
  const xeCallsByMember = (): number[] => pool.members.map((member) => member.state().counters.xeCalls);
  const execsByMember = (): number[] => pool.members.map((member) => member.state().counters.execs);

  beforeAll(async () => {
    for (const member of members) {
      const { outs } = await provider.create({ connection: connectionOf(member), vmUuid: vmOf(member), devices: [generatedPciAddress(0)] });
      outputs.set(member, { ...outs });
    }
  });

  beforeEach(async () => {
    // A new provider process: no session knows its pool until its own listing.
    await closeSessions();
    pool.resetCounters();
  });

  test("each member's first listing is its own; after it, reads on every member at once cost one xe vm-list in the pool, run by one of them", async () => {
    const first = await Promise.all(members.map(readOn));
    expect(first.map(({ props }) => props.pciValue)).toEqual(members.map(() => `0/${generatedPciAddress(0)}`));
    // Every member listed on its own: its xe vm-list and xe host-list, and one exec of dom0's reads.
    expect(xeCallsByMember()).toEqual([2, 2, 2]);
    expect(execsByMember()).toEqual([3, 3, 3]);

    for (let wave = 0; wave < MEMBERS; wave += 1) {
      pool.resetCounters();
      const reads = await Promise.all(members.map(readOn));
      expect(reads.map(({ props }) => props.pciValue)).toEqual(members.map(() => `0/${generatedPciAddress(0)}`));
      const calls = xeCallsByMember();
      // One member ran the pool's two xe calls; every member ran its own dom0 reads in one exec.
      expect([...calls].sort()).toEqual([0, 0, 2]);
      const runner = calls.indexOf(2);
      expect(execsByMember()).toEqual(members.map((member) => (member === runner ? 3 : 1)));
    }
  });

  test("a read on one member reports a change made through another member a moment before it", async () => {
    await Promise.all(members.map(readOn));
    const changed = `0/${generatedPciAddress(0)},1/${generatedPciAddress(1)}`;
    expect(pool.xe(2, "vm-param-set", `uuid=${vmOf(0)}`, `other-config:pci=${changed}`).exitCode).toBe(0);
    const [onMember0] = await Promise.all(members.map(readOn));
    expect(onMember0?.props).toMatchObject({ pciValue: changed, devices: [generatedPciAddress(0), generatedPciAddress(1)] });
    expect(pool.xe(2, "vm-param-set", `uuid=${vmOf(0)}`, `other-config:pci=0/${generatedPciAddress(0)}`).exitCode).toBe(0);
  });

  test("when the member that runs the shared listing fails, it gets the error and the others list on their own", async () => {
    await Promise.all([0, 1].map(readOn));
    pool.resetCounters();
    const failing = pool.members[0];
    if (failing === undefined) throw new Error("the pool has no member 0");
    failing.setFaults([
      { kind: "xe-fail", call: 1, stderr: "Lost connection to the server.\n" },
      { kind: "xe-fail", call: 2, stderr: "Lost connection to the server.\n" },
    ]);
    try {
      // Member 0 asks first and has run no more shared listings than member 1 (one each), so it runs this one.
      const [onFailing, onOther] = await Promise.allSettled([readOn(0), readOn(1)]);
      expect(onOther).toMatchObject({ status: "fulfilled", value: { props: { pciValue: `0/${generatedPciAddress(0)}` } } });
      if (onFailing.status !== "rejected") throw new Error("the read on the failing member succeeded");
      expect(onFailing.reason).toMatchObject({
        code: "XE_FAILED",
        message: `Unable to read PCI assignment for VM ${vmOf(0)}: listing the VMs on 127.0.0.1: xe failed: Lost connection to the server.\nFix what xe reports on the host, then retry.`,
      });
    } finally {
      failing.clearFaults();
    }
    // Member 1 ran the pool part on its own connection once the shared one failed.
    expect(xeCallsByMember()).toEqual([2, 2, 0]);
    // A rerun converges.
    await closeSessions();
    const again = await Promise.all([0, 1].map(readOn));
    expect(again.map(({ props }) => props.pciValue)).toEqual([0, 1].map(() => `0/${generatedPciAddress(0)}`));
  });
});
