/**
 * Reliability: old hosts. A create/read/update/delete cycle of both resources
 * against a simulated XenServer 6.2 host behind OpenSSH 4.3's algorithm set
 * (RSA host and client keys), each operation checked against the host's
 * state. The integration suites run their whole content on this host too
 * (the `xs62-legacy` case of test/support/sim-cases.ts).
 */
import { providers } from "../../provider";
import { closeSessions } from "../../provider/host/session/session-registry";
import { simConnection } from "../support/sim-cases";
import { useSimHost } from "../support/sim-fixture";
import { dom0HideLists } from "./extlinux-view";
import { CaseTally } from "./support";

const TV = "3e5b9d70-1f2c-4a8e-b6d4-90c1e7f2a845";
type Props = Record<string, unknown>;
/** Every method is implemented; the interface says optional. */
const assignment = providers.pciAssignment as Required<typeof providers.pciAssignment>;
const hidden = providers.hiddenPciDevice as Required<typeof providers.hiddenPciDevice>;

describe("a create/read/update/delete cycle of both resources on XenServer 6.2 with its old sshd", () => {
  const sim = useSimHost({ profile: "xs62", legacySsh: true }, { name: "xspci-legacy-", beforeStop: closeSessions });
  let connection: Record<string, unknown>;

  beforeAll(() => {
    connection = simConnection(sim);
  });

  test("every operation does exactly its change on the host", async () => {
    const tally = new CaseTally();
    const tvOtherConfig = (): Record<string, string> | undefined => sim.state().vms.find((vm) => vm.uuid === TV)?.otherConfig;
    const originalTv = JSON.stringify(tvOtherConfig());
    const withPci = (pci: string): Record<string, string> => ({ ...(JSON.parse(originalTv) as Record<string, string>), pci });
    const originalBoot = sim.state().bootConfig;
    const slower = { ...connection, timeoutMs: 45_000 };
    // Each case runs its operation, so a failing one still leaves a (broken) row; later cases then fail too.
    const news = { connection, vmUuid: TV, devices: ["06:00.0"] };
    let id = "";
    let outs: Props = {};
    await tally.run("PciAssignment create", async () => {
      ({ id, outs } = await assignment.create(news));
      expect(outs).toMatchObject({ devices: ["0000:06:00.0"], pciValue: "0/0000:06:00.0", vmName: "TV" });
      expect(tvOtherConfig()).toEqual(withPci("0/0000:06:00.0"));
    });
    await tally.run("PciAssignment read", async () => {
      expect(await assignment.read(id, outs)).toEqual({ id, props: outs });
    });
    await tally.run("PciAssignment update", async () => {
      ({ outs } = await assignment.update(id, outs, { ...news, devices: ["07:00.0", "06:00.0"] }));
      expect(outs).toMatchObject({ pciValue: "0/0000:07:00.0,1/0000:06:00.0" });
      expect(tvOtherConfig()).toEqual(withPci("0/0000:07:00.0,1/0000:06:00.0"));
    });
    await tally.run("PciAssignment delete", async () => {
      await assignment.delete(id, outs);
      expect(JSON.stringify(tvOtherConfig())).toBe(originalTv);
    });

    const hideNews = { connection, address: "01:00.0", method: "auto" };
    await tally.run("HiddenPciDevice create", async () => {
      const result = await hidden.create(hideNews);
      id = result.id;
      outs = result.outs;
      expect(outs).toMatchObject({ address: "0000:01:00.0", method: "extlinux", hideParameter: "pciback.hide", hiddenInBootConfig: true });
      expect([...dom0HideLists(sim.state().bootConfig, "pciback.hide").values()]).toEqual(Array.from({ length: 5 }, () => ["0000:01:00.0"]));
    });
    await tally.run("HiddenPciDevice read", async () => {
      expect(await hidden.read(id, outs)).toEqual({ id, props: outs });
    });
    await tally.run("HiddenPciDevice update (credentials only)", async () => {
      const before = sim.state().bootConfig;
      const updated = await hidden.update(id, outs, { ...hideNews, connection: slower });
      expect(updated.outs).toEqual({ ...outs, connection: slower });
      expect(sim.state().bootConfig).toBe(before);
      outs = updated.outs;
    });
    await tally.run("HiddenPciDevice delete", async () => {
      await hidden.delete(id, outs);
      expect(sim.state().bootConfig).toBe(originalBoot);
    });

    const row = tally.record("old hosts", "XenServer 6.2 tools behind OpenSSH 4.3's algorithms, RSA keys: create, read, update, delete of both resources");
    expect(tally.failures).toEqual([]);
    expect(row.held).toBe(row.cases);
  });
});
