/**
 * The run's state is an object the providers receive: providers built on a
 * fresh run share nothing with the process's run or with another fresh run
 * (each opens its own SSH connection), and closing a run closes its
 * connections only.
 */
import { RunState } from "../../provider/host/session/run-state";
import { closeSessions } from "../../provider/host/session/session-registry";
import { createPciAssignmentProvider } from "../../provider/providers/pci-assignment";
import { simConnection } from "../support/sim-cases";
import { useSimHost } from "../support/sim-fixture";

const NAS = "db4c64e1-44ce-f9f3-3236-0d86df260249";

describe("providers on runs of their own", () => {
  const sim = useSimHost({ profile: "xs82" }, { name: "xspci-run-state-", beforeStop: closeSessions });

  test("two runs read the same host over a connection each; reads of one run share its connection", async () => {
    const connection = simConnection(sim);
    const [first, second] = [new RunState(), new RunState()];
    try {
      const one = createPciAssignmentProvider(first);
      const two = createPciAssignmentProvider(second);
      sim.resetCounters();
      const id = `127.0.0.1/${NAS}`;
      const reads = await Promise.all([one.read(id, { connection, vmUuid: NAS, devices: ["01:00.0"] }), one.read(id, { connection, vmUuid: NAS, devices: ["01:00.0"] })]);
      expect(reads.map(({ props }) => props.vmName)).toEqual(["NAS", "NAS"]);
      expect(sim.state().counters.sshConnections).toBe(1);
      expect((await two.read(id, { connection, vmUuid: NAS, devices: ["01:00.0"] })).props.vmName).toBe("NAS");
      expect(sim.state().counters.sshConnections).toBe(2);
      // A closed run connects again when used again: its sessions are gone.
      await first.close();
      expect((await one.read(id, { connection, vmUuid: NAS, devices: ["01:00.0"] })).props.vmName).toBe("NAS");
      expect(sim.state().counters.sshConnections).toBe(3);
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });
});
