/**
 * A pool with a member down: the resources of that member fail, with an error
 * that names it; the resources of the other members are made as if nothing
 * were wrong, in the same run.
 */
import { closeSessions } from "../../provider/host/session/session-registry";
import { hiddenPciDeviceProvider as hidden } from "../../provider/providers/hidden-pci-device";
import { pciAssignmentProvider as assignment } from "../../provider/providers/pci-assignment";
import { nextRun } from "../support/next-run";
import { rejectionOf } from "../support/rejection";
import { simConnection } from "../support/sim-cases";
import { useSimPool } from "../support/sim-fixture";

const TV = "3e5b9d70-1f2c-4a8e-b6d4-90c1e7f2a845";

describe("a pool with a member down", () => {
  const pool = useSimPool({ size: 2, profile: "xs82" }, { name: "xspci-member-down-", beforeStop: closeSessions });

  test("fails only the resources of that member, naming it, while the others are made", async () => {
    const [up, down] = pool.members;
    if (up === undefined || down === undefined) throw new Error("the pool has fewer than 2 members");
    const upConnection = simConnection(up);
    const downConnection = { ...simConnection(down), timeoutMs: 5_000 };
    await down.stop();
    nextRun();

    const [assigned, hiddenUp, assignDown, hideDown] = await Promise.allSettled([
      assignment.create({ connection: upConnection, vmUuid: TV, devices: ["06:00.0"] }),
      hidden.create({ connection: upConnection, address: "01:00.0", method: "auto" }),
      assignment.create({ connection: downConnection, vmUuid: TV, devices: ["07:00.0"] }),
      hidden.create({ connection: downConnection, address: "01:00.0", method: "auto" }),
    ]);
    expect(assigned).toMatchObject({ status: "fulfilled", value: { outs: { pciValue: "0/0000:06:00.0", affinity: up.info.nameLabel } } });
    expect(hiddenUp).toMatchObject({ status: "fulfilled", value: { outs: { hostUuid: up.info.hostUuid, hiddenInBootConfig: true } } });
    const where = `127.0.0.1:${String(down.info.port)}`;
    for (const result of [assignDown, hideDown]) {
      expect(result.status).toBe("rejected");
      const error = result.status === "rejected" ? (result.reason as { code?: string; message?: string }) : {};
      expect(error.code).toBe("SSH_CONNECT_FAILED");
      expect(error.message).toContain(`connecting to ${where}:`);
    }
    // Nothing of the member that is down was touched through the others.
    const state = pool.state();
    expect(state.hosts[1]?.bootConfig).not.toContain("pciback.hide");
    expect(state.vms.find((vm) => vm.uuid === TV)?.otherConfig.pci).toBe("0/0000:06:00.0");
    const refused = await rejectionOf(assignment.read(`127.0.0.1/${TV}`, { connection: downConnection, vmUuid: TV }));
    expect(refused).toMatchObject({ code: "SSH_CONNECT_FAILED" });
  });
});
