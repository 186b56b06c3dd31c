/**
 * The names the plugin serves, and the resource a URN names.
 */
import { providers } from "../../../provider";
import { RESOURCE_PROVIDERS } from "../../../provider/plugin/resource-providers";
import { resourceKindOf, typeOfUrn } from "../../../provider/plugin/tokens";

describe("tokens", () => {
  it("read the type of a URN, parents' types and all", () => {
    expect(typeOfUrn("urn:pulumi:dev::proj::xenserver-pci:index:PciAssignment::nas")).toBe("xenserver-pci:index:PciAssignment");
    expect(typeOfUrn("urn:pulumi:dev::proj::my:index:Component$xenserver-pci:index:HiddenPciDevice::sas")).toBe("xenserver-pci:index:HiddenPciDevice");
    expect(typeOfUrn("not a urn")).toBe("");
  });

  it("name the two resources, and nothing else", () => {
    expect(resourceKindOf("xenserver-pci:index:PciAssignment")).toBe("pciAssignment");
    expect(resourceKindOf("xenserver-pci:index:HiddenPciDevice")).toBe("hiddenPciDevice");
    expect(resourceKindOf("xenserver-pci:index:getVm")).toBeUndefined();
    expect(resourceKindOf("pulumi-nodejs:dynamic:Resource")).toBeUndefined();
  });

  it("route to the very providers the dynamic resources use", () => {
    expect(RESOURCE_PROVIDERS.pciAssignment).toBe(providers.pciAssignment);
    expect(RESOURCE_PROVIDERS.hiddenPciDevice).toBe(providers.hiddenPciDevice);
  });
});
