import { deviceHideMethod, type DeviceHideFacts, type HostBootFacts } from "../../../../provider/host/boot-config/resolve-method";
import { errorWith } from "../../../support/error-match";

const XCPNG83: HostBootFacts = { productBrand: "XCP-ng", productVersion: "8.3.0", kernelRelease: "4.19.0+1", hasExtlinuxConf: false, hasXenCmdline: true };
const USB = "0000:00:14.0";

function device(pciObject: boolean | undefined, requested: DeviceHideFacts["requested"], chosenBy: DeviceHideFacts["chosenBy"]): DeviceHideFacts {
  return { address: USB, classCode: "0c0330", pciObject, requested, chosenBy };
}

describe("deviceHideMethod", () => {
  test.each<[string, "extlinux" | "xen-cmdline" | "dom0-access", string, DeviceHideFacts]>([
    ["auto, a device with a PCI object", "dom0-access", "dom0-access", device(true, "auto", "program")],
    ["auto, a device without one", "dom0-access", "xen-cmdline", device(false, "auto", "program")],
    ["auto, unknown (dom0-access finds out)", "dom0-access", "dom0-access", device(undefined, "auto", "program")],
    ["dom0-access set in the program, a device with a PCI object", "dom0-access", "dom0-access", device(true, "dom0-access", "program")],
    ["dom0-access from the state, a device without one", "dom0-access", "xen-cmdline", device(false, "dom0-access", "state")],
    ["xen-cmdline set in the program, a device without one", "xen-cmdline", "xen-cmdline", device(false, "xen-cmdline", "program")],
    ["extlinux on its host: never changed", "extlinux", "extlinux", device(false, "auto", "program")],
  ])("%s: the host's %s gives %s", (_title, hostMethod, expected, facts) => {
    expect(deviceHideMethod(hostMethod, facts, XCPNG83)).toBe(expected);
  });

  test("dom0-access set in the program for a device without a PCI object is refused, naming the methods that work", () => {
    expect(() => deviceHideMethod("dom0-access", device(false, "dom0-access", "program"), XCPNG83)).toThrow(
      errorWith(
        "HIDE_METHOD_UNSUPPORTED",
        'method "dom0-access" for 0000:00:14.0 on XCP-ng 8.3.0: xapi makes PCI objects only for storage, network and display controllers ' +
          "and the other functions of their cards, and 0000:00:14.0 (class 0c0330) is none of them, so xe pci-*-dom0-access cannot reach it.",
        { hint: 'Use method "xen-cmdline", or "auto", which picks it for this device: it writes the same xen-pciback.hide list, in the form xapi reads.' },
      ),
    );
  });

  test("the message leaves the class out when sysfs did not print it", () => {
    expect(() => deviceHideMethod("dom0-access", { ...device(false, "dom0-access", "program"), classCode: undefined }, XCPNG83)).toThrow(
      "and 0000:00:14.0 is none of them, so xe pci-*-dom0-access cannot reach it.\n",
    );
  });

  test("auto on a host without xen-cmdline has no method for such a device", () => {
    expect(() => deviceHideMethod("dom0-access", device(false, "auto", "program"), { ...XCPNG83, hasXenCmdline: false })).toThrow(
      errorWith(
        "NO_HIDE_METHOD",
        "hide method for 0000:00:14.0 on XCP-ng 8.3.0: xapi makes PCI objects only for storage, network and display controllers " +
          "and the other functions of their cards, and 0000:00:14.0 (class 0c0330) is none of them, so xe pci-*-dom0-access cannot reach it, " +
          "and the host has no /opt/xensource/libexec/xen-cmdline.",
        { hint: "Check the host's installation: XCP-ng 8.3 and XenServer 8 ship /opt/xensource/libexec/xen-cmdline." },
      ),
    );
  });
});
