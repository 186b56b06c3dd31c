/**
 * State written by 0.1.0 loads the providers by these module paths (see
 * provider/resources/lazy-provider.ts): they must keep exporting the same
 * provider objects the package exports as `providers`.
 */
import { providers } from "../../../provider";
import * as hiddenModule from "../../../provider/providers/hidden-pci-device";
import * as assignmentModule from "../../../provider/providers/pci-assignment";

test("the 0.1.0 module paths export the package's providers", () => {
  expect(assignmentModule.pciAssignmentProvider).toBe(providers.pciAssignment);
  expect(hiddenModule.hiddenPciDeviceProvider).toBe(providers.hiddenPciDevice);
});
