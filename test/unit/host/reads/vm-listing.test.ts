import { hostListingFrom, memberPartArgvs, POOL_PART_ARGVS, poolPartFrom } from "../../../../provider/host/reads/vm-listing";
import type { CommandResult } from "../../../../provider/remote/ssh";
import { errorWith } from "../../../support/error-match";

const ok = (stdout: string): CommandResult => ({ stdout, stderr: "", exitCode: 0 });

const HERE = "5f0c7a3e-2b9d-4e61-a8f4-1d6c93b0e27a";
const OTHER = "9a1d3c5e-7f20-4b64-8d86-a0c2e4f6b8d1";

// As xe prints `vm-list is-control-domain=false params=uuid,name-label,power-state,dom-id,other-config,resident-on,affinity`
// in a pool of two: the NAS runs here, Gaming on the other member (its domain 3 is the other host's).
const VM_LIST = [
  "uuid ( RO)           : DB4C64E1-44CE-F9F3-3236-0D86DF260249",
  "     name-label ( RW): NAS",
  "    power-state ( RO): running",
  `    resident-on ( RO): ${HERE}`,
  "       affinity ( RW): <not in database>",
  "   other-config (MRW): install-methods: cdrom; vgpu_pci: 0/0000:09:00.0; pci: 0/0000:01:00.0,1/0000:06:00.0; mac_seed: 2b0c",
  "         dom-id ( RO): 3",
  "",
  "",
  "uuid ( RO)           : 3e5b9d70-1f2c-4a8e-b6d4-90c1e7f2a845",
  "     name-label ( RW): TV",
  "    power-state ( RO): halted",
  "    resident-on ( RO): <not in database>",
  `       affinity ( RW): ${OTHER}`,
  "   other-config (MRW): install-methods: cdrom",
  "         dom-id ( RO): -1",
  "",
  "",
  "uuid ( RO)           : 7a1c3f52-9b0e-4d21-8c6e-2f0a9d4b6e13",
  "     name-label ( RW): Gaming",
  "    power-state ( RO): running",
  `    resident-on ( RO): ${OTHER}`,
  `       affinity ( RW): ${OTHER}`,
  "   other-config (MRW): note: moved; pci: 0/0000:07:00.0; pci: 0/0000:07:00.1",
  "         dom-id ( RO): 3",
  "",
  "",
].join("\n");
const INVENTORY = `PRODUCT_BRAND='XCP-ng'\nPRODUCT_VERSION='8.3.0'\nINSTALLATION_UUID='${HERE}'\n`;
const HOSTS = [
  `uuid ( RO)            : ${HERE}`,
  "      name-label ( RW): rack-1",
  "    chipset-info (MRO): iommu: true",
  "",
  "",
  `uuid ( RO)            : ${OTHER}`,
  "      name-label ( RW): rack-2",
  "    chipset-info (MRO): iommu: false",
  "",
  "",
].join("\n");

const BACKENDS = '3 = ""\n 0 = ""\n  dev-0 = "0000:01:00.0"\n  dev-1 = "0000:06:00.0"\n';
const PCI = "pci 0000:01:00.0 0x1000 0x0072 0x1000 0x3020 0x010700\npci 0000:06:00.0 0x1969 0x1063 0x1043 0x8468 0x020000\ndriver 0000:01:00.0 pciback\ndriver 0000:06:00.0 atl1c\n";

/** A pool part whose calls succeeded. */
const POOL = { vms: ok(VM_LIST), hosts: ok(HOSTS) };

describe("hostListingFrom", () => {
  test("the pool part is one xe vm-list of every guest and the pool's hosts; the member part the PCI backends in xenstore, the sysfs listing and the inventory", () => {
    expect(POOL_PART_ARGVS).toEqual([
      ["xe", "vm-list", "is-control-domain=false", "params=uuid,name-label,power-state,dom-id,other-config,resident-on,affinity"],
      ["xe", "host-list", "params=uuid,name-label,chipset-info"],
    ]);
    const member = memberPartArgvs(true);
    expect(member[0]).toEqual(["xenstore-ls", "/local/domain/0/backend/pci"]);
    expect(member[1]?.slice(0, 2)).toEqual(["sh", "-c"]);
    expect(member.slice(2)).toEqual([["cat", "/etc/xensource-inventory"]]);
  });

  test("reads every guest's state, pci key, place in the pool and attached devices (here only), and the host's PCI functions", () => {
    const listing = hostListingFrom("h", POOL, [ok(BACKENDS), ok(PCI), ok(INVENTORY)]);
    expect(listing).toEqual({
      vms: [
        {
          uuid: "db4c64e1-44ce-f9f3-3236-0d86df260249",
          nameLabel: "NAS",
          powerState: "running",
          domId: 3,
          pciValue: "0/0000:01:00.0,1/0000:06:00.0",
          attachedDevices: ["0000:01:00.0", "0000:06:00.0"],
          residentOn: HERE,
          affinity: "",
          pciExact: true,
        },
        {
          uuid: "3e5b9d70-1f2c-4a8e-b6d4-90c1e7f2a845",
          nameLabel: "TV",
          powerState: "halted",
          domId: -1,
          pciValue: undefined,
          attachedDevices: [],
          residentOn: "",
          affinity: OTHER,
          pciExact: true,
        },
        {
          uuid: "7a1c3f52-9b0e-4d21-8c6e-2f0a9d4b6e13",
          nameLabel: "Gaming",
          powerState: "running",
          // Domain 3 of the other member is not this host's domain 3 (the NAS's).
          domId: -1,
          pciValue: "0/0000:07:00.1",
          attachedDevices: [],
          residentOn: OTHER,
          affinity: OTHER,
          // Two fragments read `pci: …`: one of them belongs to another key's value.
          pciExact: false,
        },
      ],
      pciDevices: [
        { address: "0000:01:00.0", driver: "pciback", ids: { vendorId: "1000", deviceId: "0072", subsystemVendorId: "1000", subsystemId: "3020", classCode: "010700" }, vendorName: "", deviceName: "" },
        { address: "0000:06:00.0", driver: "atl1c", ids: { vendorId: "1969", deviceId: "1063", subsystemVendorId: "1043", subsystemId: "8468", classCode: "020000" }, vendorName: "", deviceName: "" },
      ],
      pool: {
        hostUuid: HERE,
        members: [
          { uuid: HERE, nameLabel: "rack-1", iommu: true },
          { uuid: OTHER, nameLabel: "rack-2", iommu: false },
        ],
        xapiIntBits: 63,
      },
    });
  });

  test.each([
    ["XenServer 6.2, a 32-bit dom0", "6.2.0", 31],
    ["XenServer 6.5, the first 64-bit dom0", "6.5.0", 63],
    ["an inventory without PRODUCT_VERSION", undefined, 63],
  ])("the pool view gives the width of xapi's ints on %s", (_title, version, bits) => {
    const inventory = `PRODUCT_BRAND='XenServer'\n${version === undefined ? "" : `PRODUCT_VERSION='${version}'\n`}INSTALLATION_UUID='${HERE}'\n`;
    expect(hostListingFrom("h", POOL, [ok(BACKENDS), ok(PCI), ok(inventory)]).pool.xapiIntBits).toBe(bits);
  });

  test("a failed vm-list is the typed xe error of the pool part, a failed sysfs listing its own", () => {
    const refused = { stdout: "", stderr: "Error: Connection refused (calling connect )\n", exitCode: 1 };
    expect(() => poolPartFrom("h", [refused, ok(HOSTS)])).toThrow(
      errorWith("XAPI_UNREACHABLE", "the VMs on h: xe cannot reach xapi (Error: Connection refused (calling connect ))"),
    );
    expect(() => poolPartFrom("h", [ok(VM_LIST), refused])).toThrow(
      errorWith("XAPI_UNREACHABLE", "the pool's hosts on h: xe cannot reach xapi (Error: Connection refused (calling connect ))"),
    );
    expect(poolPartFrom("h", [ok(VM_LIST), ok(HOSTS)])).toEqual(POOL);
    expect(() => hostListingFrom("h", POOL, [ok(BACKENDS), { stdout: "", stderr: "sh: denied\n", exitCode: 2 }, ok(INVENTORY)])).toThrow(
      errorWith("PCI_LISTING_FAILED", "the PCI devices of h: the sysfs listing exited with code 2: sh: denied"),
    );
    expect(() => hostListingFrom("h", POOL, [ok(BACKENDS), ok(PCI), ok("PRODUCT_BRAND='XenServer'\n")])).toThrow(
      "/etc/xensource-inventory on h names no INSTALLATION_UUID, so the host cannot be told apart from the other members of its pool.",
    );
  });
});
