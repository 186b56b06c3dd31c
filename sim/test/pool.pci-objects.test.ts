import { DEFAULT_INVENTORY, readHostState, readPoolState, type InventoryPci, type InventoryVm, type Profile } from "../host";
import { HOSTS, memberDir, removeTempPools, tempPool, xeOn, type TempPool } from "./pool.fixture";
import { err, ok } from "./tools.fixture";

afterAll(removeTempPools);

/** A USB 3 controller (class 0c03): xapi makes no PCI object for it. */
const USB: InventoryPci = {
  address: "0000:00:14.0",
  vendor: "0x8086",
  device: "0x1e31",
  class: "0x0c0330",
  driver: "xhci_hcd",
  vendorName: "Intel Corporation",
  deviceName: "7 Series/C210 Series Chipset Family USB xHCI Host Controller",
};

const PCIS = [...DEFAULT_INVENTORY.pcis, USB];

const USB_VM = "77777777-0000-0000-0000-00000000000a";
const MIXED = "77777777-0000-0000-0000-00000000000b";
const AUDIO = "77777777-0000-0000-0000-00000000000c";

const HAS_PCI = (uuid: string, name: string): string => `This operation could not be performed, because the VM has one or more PCI devices passed through.\nvm: ${uuid} (${name})\n`;

function vm(uuid: string, nameLabel: string, pci: string): InventoryVm {
  return { uuid, nameLabel, powerState: "running", otherConfig: { pci } };
}

/** One VM on the USB controller and the NIC, one on the GPU's audio function, both on member 0. */
function devicePool(profile: Profile): TempPool {
  return tempPool(profile, 2, { vms: [vm(MIXED, "mixed", "0/0000:00:14.0,1/0000:06:00.0"), vm(AUDIO, "audio", "0/0000:07:00.1")], pcis: PCIS });
}

/** Only one VM can hold a function on a member: the pools below run one device VM each. */
function onePool(profile: Profile, guest: InventoryVm): TempPool {
  return tempPool(profile, 2, { vms: [guest], pcis: PCIS });
}

describe("PCI objects on XCP-ng 8.3 (xapi_pci.ml managed_classes: storage, network, display and their other functions)", () => {
  test("pci-list leaves out a USB controller; pci-id= of it prints nothing", () => {
    const pool = onePool("xcpng83", vm(USB_VM, "usb", "0/0000:00:14.0"));
    expect(xeOn(pool, 0, "pci-list", `host-uuid=${HOSTS[0]}`, "params=pci-id", "--minimal")).toEqual(
      ok("0000:00:19.0,0000:00:1f.2,0000:01:00.0,0000:06:00.0,0000:07:00.0,0000:07:00.1\n"),
    );
    expect(xeOn(pool, 0, "pci-list", "pci-id=0000:00:14.0")).toEqual(ok());
    expect(xeOn(pool, 0, "pci-list", "pci-id=0000:00:14.0", "params=uuid", "--minimal")).toEqual(ok("\n"));
  });

  test("the dom0-access commands cannot name a function without a PCI object", () => {
    const pool = onePool("xcpng83", vm(USB_VM, "usb", "0/0000:00:14.0"));
    const uuid = readHostState(memberDir(pool, 0)).pcis.find((p) => p.address === USB.address)?.uuid ?? "";
    expect(uuid).not.toBe("");
    expect(xeOn(pool, 0, "pci-disable-dom0-access", `uuid=${uuid}`)).toEqual(err(`The uuid you supplied was invalid.\ntype: PCI\nuuid: ${uuid}\n`));
  });
});

describe.each<Profile>(["xs82", "xcpng83"])("VM_HAS_PCI_ATTACHED looks only at devices with a PCI object, on profile %s", (profile) => {
  test("a VM with only a USB controller attached migrates; its device is plugged again on the target at the same address", () => {
    const pool = onePool(profile, vm(USB_VM, "usb", "0/0000:00:14.0"));
    expect(xeOn(pool, 0, "vm-migrate", `uuid=${USB_VM}`, `host=${HOSTS[1]}`)).toEqual(ok());
    expect(readPoolState(pool.dir).vms[0]).toMatchObject({ residentOn: HOSTS[1], attachedDevices: ["0000:00:14.0"] });
    expect(readPoolState(pool.dir).hosts.map((h) => h.pcis.find((p) => p.address === USB.address)?.driver)).toEqual(["xhci_hcd", "pciback"]);
  });

  test("a VM with a USB controller and a NIC is refused, and so is the evacuation", () => {
    const pool = onePool(profile, vm(MIXED, "mixed", "0/0000:00:14.0,1/0000:06:00.0"));
    expect(xeOn(pool, 0, "vm-migrate", `uuid=${MIXED}`, `host=${HOSTS[1]}`)).toEqual(err(HAS_PCI(MIXED, "mixed")));
    expect(xeOn(pool, 0, "host-evacuate", `uuid=${HOSTS[0]}`)).toEqual(err(HAS_PCI(MIXED, "mixed")));
  });
});

describe("VM_HAS_PCI_ATTACHED on XenServer 6.2 (display controllers only)", () => {
  test("the GPU's audio function has an object as the display controller's other function; the NIC does not", () => {
    const pool = devicePool("xs62");
    expect(xeOn(pool, 0, "vm-migrate", `uuid=${AUDIO}`, `host=${HOSTS[1]}`)).toEqual(err(HAS_PCI(AUDIO, "audio")));
    expect(xeOn(pool, 0, "vm-migrate", `uuid=${MIXED}`, `host=${HOSTS[1]}`)).toEqual(ok());
    expect(readPoolState(pool.dir).vms.find((v) => v.uuid === MIXED)).toMatchObject({ residentOn: HOSTS[1], attachedDevices: ["0000:00:14.0", "0000:06:00.0"] });
  });
});
