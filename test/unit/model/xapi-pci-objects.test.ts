import type { HostPciDevice } from "../../../provider/model/host-state";
import { hasXapiPciObject } from "../../../provider/model/xapi-pci-objects";

/** A function with only what the rule reads: its address and class code (`undefined`: sysfs printed no ids). */
function fn(address: string, classCode: string | undefined): HostPciDevice {
  return {
    address,
    driver: undefined,
    ids: classCode === undefined ? undefined : { vendorId: "8086", deviceId: "1234", subsystemVendorId: "0000", subsystemId: "0000", classCode },
  };
}

const HOST: HostPciDevice[] = [
  fn("0000:00:00.0", "060000"), // host bridge
  fn("0000:00:14.0", "0c0330"), // USB 3 controller, alone on its slot
  fn("0000:00:1b.0", "040300"), // onboard audio, alone
  fn("0000:00:1f.0", "060100"), // ISA bridge, beside the SATA controller
  fn("0000:00:1f.2", "010601"), // SATA controller
  fn("0000:00:1f.3", "0c0500"), // SMBus, beside the SATA controller
  fn("0000:01:00.0", "010700"), // SAS HBA
  fn("0000:06:00.0", "020000"), // NIC
  fn("0000:07:00.0", "030000"), // GPU
  fn("0000:07:00.1", "040300"), // its HDMI audio
  fn("0001:07:00.0", "0c0330"), // same bus and device in another domain: not the GPU's card
  fn("0000:08:00.0", "ff0000"), // unassigned class
  fn("0000:09:00.0", undefined), // no ids
  fn("0000:0a:00.0", "0c0330"), // USB beside a function without ids
  fn("0000:0a:00.1", undefined),
  fn("0000:0b:00.0", "020000"), // NIC beside a function without ids
  fn("0000:0b:00.1", undefined),
];

describe("hasXapiPciObject", () => {
  test.each<[string, string, boolean | undefined]>([
    ["a storage controller (01)", "0000:01:00.0", true],
    ["a network controller (02)", "0000:06:00.0", true],
    ["a display controller (03)", "0000:07:00.0", true],
    ["the audio function of a GPU's card", "0000:07:00.1", true],
    ["a lone audio device", "0000:00:1b.0", false],
    ["a lone USB controller", "0000:00:14.0", false],
    ["a host bridge", "0000:00:00.0", false],
    ["an ISA bridge on the SATA controller's slot", "0000:00:1f.0", true],
    ["an SMBus on the SATA controller's slot", "0000:00:1f.3", true],
    ["a USB controller whose slot number matches a GPU's in another domain", "0001:07:00.0", false],
    ["an unassigned class (ff)", "0000:08:00.0", false],
    ["a function whose ids sysfs did not print", "0000:09:00.0", undefined],
    ["a USB controller beside a function without ids", "0000:0a:00.0", undefined],
    ["the function without ids beside a NIC", "0000:0b:00.1", true],
    ["an address the host does not have", "0000:0c:00.0", undefined],
  ])("%s: %s", (_title, address, expected) => {
    expect(hasXapiPciObject(address, HOST)).toBe(expected);
  });
});
