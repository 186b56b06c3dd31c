import type { HostPciDevice } from "../../../../provider/model/host-state";
import { PciNameTable } from "../../../../provider/host/reads/pci-names";
import type { CommandResult } from "../../../../provider/remote/ssh";
import { INTEL_NIC, SATA } from "../../support/pci-fixtures";

const NAMED: HostPciDevice[] = [
  { address: "0000:01:00.0", driver: "ahci", ids: SATA, vendorName: "ASMedia Technology Inc.", deviceName: "ASM1062 Serial ATA Controller" },
  { address: "0000:06:00.0", driver: "e1000e", ids: INTEL_NIC, vendorName: "Intel Corporation", deviceName: "82574L Gigabit Network Connection" },
];
const unnamed = (devices: readonly HostPciDevice[]): HostPciDevice[] => devices.map((device) => ({ ...device, vendorName: "", deviceName: "" }));
const lspci = (stdout: string, exitCode = 0) => jest.fn((): Promise<CommandResult> => Promise.resolve({ stdout, stderr: "", exitCode }));

describe("PciNameTable", () => {
  test("learns the names of a listing that ran lspci, and names the next listings by ids without asking again", async () => {
    const table = new PciNameTable();
    expect(table.empty).toBe(true);
    const never = lspci("");
    await expect(table.complete(NAMED, true, never)).resolves.toEqual(NAMED);
    expect(table.empty).toBe(false);
    // The cards swapped places: names follow the ids, not the addresses.
    const swapped = unnamed(NAMED).map((device, i) => ({ ...device, address: NAMED[1 - i]?.address ?? "" }));
    await expect(table.complete(swapped, false, never)).resolves.toEqual([
      { ...NAMED[0], address: "0000:06:00.0" },
      { ...NAMED[1], address: "0000:01:00.0" },
    ]);
    expect(never).not.toHaveBeenCalled();
  });

  test("asks lspci once more when a listing has ids it has not named yet", async () => {
    const table = new PciNameTable();
    const [first] = NAMED;
    if (first === undefined) throw new Error("no fixture");
    await table.complete([first], true, lspci(""));
    const run = lspci('0000:06:00.0 "Ethernet controller" "Intel Corporation" "82574L Gigabit Network Connection" "Intel Corporation" "Gigabit CT Desktop Adapter"\n');
    await expect(table.complete(unnamed(NAMED), false, run)).resolves.toEqual(NAMED);
    expect(run).toHaveBeenCalledTimes(1);
  });

  test("a host without lspci leaves names empty and is not asked again", async () => {
    const table = new PciNameTable();
    await table.complete(unnamed(NAMED), true, lspci(""));
    const run = lspci("", 127);
    await expect(table.complete(unnamed(NAMED), false, run)).resolves.toEqual(unnamed(NAMED));
    expect(run).not.toHaveBeenCalled();
  });

  test("clear forgets every name (a new run)", async () => {
    const table = new PciNameTable();
    await table.complete(NAMED, true, lspci(""));
    table.clear();
    expect(table.empty).toBe(true);
  });
});
