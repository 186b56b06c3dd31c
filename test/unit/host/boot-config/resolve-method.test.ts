import { hideKeyForKernel, resolveHideMethod, type HostBootFacts } from "../../../../provider/host/boot-config/resolve-method";
import { errorWith } from "../../../support/error-match";

const XS62: HostBootFacts = { productBrand: "XenServer", productVersion: "6.2.0", kernelRelease: "2.6.32.43-0.4.1.xs1.8.0.835.170778xen", hasExtlinuxConf: true, hasXenCmdline: true };
const XS82: HostBootFacts = { productBrand: "XenServer", productVersion: "8.2.1", kernelRelease: "4.19.0+1", hasExtlinuxConf: false, hasXenCmdline: true };
const XCPNG83: HostBootFacts = { productBrand: "XCP-ng", productVersion: "8.3.0", kernelRelease: "4.19.0+1", hasExtlinuxConf: false, hasXenCmdline: true };
const XS8: HostBootFacts = { ...XCPNG83, productBrand: "XenServer", productVersion: "8.4.0" };
const XS71: HostBootFacts = { ...XS82, productVersion: "7.1.2" };

describe("choosing the hide method and key", () => {
  test.each([
    ["XenServer 6.2", XS62, "extlinux"],
    ["XenServer 7.1", XS71, "xen-cmdline"],
    ["XenServer 8.2", XS82, "xen-cmdline"],
    ["XCP-ng 8.3", XCPNG83, "dom0-access"],
    ["XenServer 8 (8.4)", XS8, "dom0-access"],
    ["a host without a version that has xen-cmdline", { ...XS82, productVersion: undefined }, "xen-cmdline"],
    ["a host without a version that has only extlinux.conf", { ...XS62, productVersion: undefined, hasXenCmdline: false }, "extlinux"],
  ])("auto on %s is %s", (_name, facts, method) => {
    expect(resolveHideMethod("auto", facts)).toBe(method);
  });

  test("an explicit method the host supports is kept", () => {
    expect(resolveHideMethod("xen-cmdline", XS62)).toBe("xen-cmdline");
    expect(resolveHideMethod("xen-cmdline", XCPNG83)).toBe("xen-cmdline");
  });

  test("extlinux on a grub host is refused with the reason", () => {
    expect(() => resolveHideMethod("extlinux", XS82)).toThrow(
      errorWith("HIDE_METHOD_UNSUPPORTED", 'method "extlinux" on XenServer 8.2.1: the host has no /boot/extlinux.conf.', { hint: 'Use method "auto" (or "xen-cmdline"): newer hosts boot with grub.' }),
    );
  });

  test("dom0-access before XCP-ng 8.3 is refused", () => {
    expect(() => resolveHideMethod("dom0-access", XS82)).toThrow(
      errorWith("HIDE_METHOD_UNSUPPORTED", 'method "dom0-access" on XenServer 8.2.1: xe pci-*-dom0-access exists only from XCP-ng 8.3 / XenServer 8.'),
    );
  });

  test("auto on a host with neither tool is refused", () => {
    expect(() => resolveHideMethod("auto", { ...XS62, productVersion: undefined, hasExtlinuxConf: false, hasXenCmdline: false })).toThrow(
      errorWith("NO_HIDE_METHOD", "hide method for XenServer (no PRODUCT_VERSION): the host has neither /boot/extlinux.conf nor /opt/xensource/libexec/xen-cmdline."),
    );
  });

  test.each([
    ["2.6.32.43-0.4.1.xs1.8.0.835.170778xen", "pciback.hide"],
    ["2.6.18-128.1.6.el5.xs5.5.0.505.1024xen", "pciback.hide"],
    ["3.10.0+2", "xen-pciback.hide"],
    ["4.19.0+1", "xen-pciback.hide"],
  ])("kernel %s reads %s", (release, key) => {
    expect(hideKeyForKernel(release)).toBe(key);
  });
});
