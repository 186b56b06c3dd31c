import { Dom0AccessMethod } from "../../../../provider/host/boot-config/dom0-access";
import type { HostBootFacts } from "../../../../provider/host/boot-config/resolve-method";
import { hideMethodForDevice, type HiddenDeviceHost, type HideMethodRequest } from "../../../../provider/host/boot-config/hidden-device";
import type { HostSession } from "../../../../provider/host/session/host-session";
import type { HostPciDevice } from "../../../../provider/model/host-state";
import { containing, errorWith } from "../../../support/error-match";

const XCPNG83: HostBootFacts = { productBrand: "XCP-ng", productVersion: "8.3.0", kernelRelease: "4.19.0+1", hasExtlinuxConf: false, hasXenCmdline: true };

function fn(address: string, classCode: string): HostPciDevice {
  return { address, driver: undefined, ids: { vendorId: "8086", deviceId: "1234", subsystemVendorId: "0000", subsystemId: "0000", classCode } };
}

/** An open XCP-ng 8.3 host: nothing is run, hideMethodForDevice only builds method objects. */
function openHost(requested: HideMethodRequest): HiddenDeviceHost {
  const session = { connection: { host: "10.0.0.5" } } as unknown as HostSession;
  return {
    session,
    hostUuid: "5f0c7a3e-2b9d-4e61-a8f4-1d6c93b0e27a",
    facts: XCPNG83,
    pciDevices: [fn("0000:00:14.0", "0c0330"), fn("0000:06:00.0", "020000"), fn("0000:07:00.0", "030000"), fn("0000:07:00.1", "040300")],
    requested,
    method: new Dom0AccessMethod({ session, hostUuid: "5f0c7a3e-2b9d-4e61-a8f4-1d6c93b0e27a", hideKey: "xen-pciback.hide" }),
  };
}

describe("hideMethodForDevice on XCP-ng 8.3", () => {
  test.each<[string, HideMethodRequest, "program" | "state", string]>([
    ["0000:06:00.0", "auto", "program", "dom0-access"],
    ["0000:07:00.1", "auto", "program", "dom0-access"],
    ["0000:00:14.0", "auto", "program", "xen-cmdline"],
    ["0000:00:14.0", "dom0-access", "state", "xen-cmdline"],
    ["0000:06:00.0", "dom0-access", "program", "dom0-access"],
  ])("%s asked as %s by the %s uses %s", (address, requested, chosenBy, method) => {
    expect(hideMethodForDevice(openHost(requested), address, chosenBy).method.method).toBe(method);
  });

  test("a device xapi manages keeps the open host as it is", () => {
    const open = openHost("auto");
    expect(hideMethodForDevice(open, "0000:06:00.0", "program")).toBe(open);
  });

  test("a USB controller gets xen-cmdline on the same key, everything else of the open host kept", () => {
    const open = openHost("auto");
    const device = hideMethodForDevice(open, "0000:00:14.0", "program");
    expect({ ...device, method: undefined }).toEqual({ ...open, method: undefined });
    expect(device.method.hideKey).toBe("xen-pciback.hide");
    expect(device.method.describe()).toBe("the dom0 arguments of the grub configuration (/opt/xensource/libexec/xen-cmdline --get-dom0 xen-pciback.hide)");
  });

  test("dom0-access set in the program for a USB controller is refused before anything runs", () => {
    expect(() => hideMethodForDevice(openHost("dom0-access"), "0000:00:14.0", "program")).toThrow(
      errorWith("HIDE_METHOD_UNSUPPORTED", 'method "dom0-access" for 0000:00:14.0 on XCP-ng 8.3.0: xapi makes PCI objects only for storage, network and display controllers', { hint: containing('Use method "xen-cmdline", or "auto"') }),
    );
  });
});
