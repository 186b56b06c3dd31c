import { blockerReason, parseEvacuationBlockers } from "../../../provider/model/evacuation-blockers";

describe("parseEvacuationBlockers", () => {
  test("reads one record per VM, keeping xapi's code and dropping its raw parameters", () => {
    const stdout = [
      "uuid ( RO)          : DB4C64E1-44CE-F9F3-3236-0D86DF260249",
      "    name-label ( RW): NAS",
      "        reason ( RO): VM_HAS_PCI_ATTACHED,OpaqueRef:0b1c",
      "",
      "",
      "uuid ( RO)          : 7a1c3f52-9b0e-4d21-8c6e-2f0a9d4b6e13",
      "    name-label ( RW): files, and more",
      "        reason ( RO): VM_REQUIRES_SR,OpaqueRef:aa,OpaqueRef:bb",
      "",
      "",
    ].join("\n");
    expect(parseEvacuationBlockers(stdout)).toEqual([
      { uuid: "db4c64e1-44ce-f9f3-3236-0d86df260249", nameLabel: "NAS", code: "VM_HAS_PCI_ATTACHED" },
      { uuid: "7a1c3f52-9b0e-4d21-8c6e-2f0a9d4b6e13", nameLabel: "files, and more", code: "VM_REQUIRES_SR" },
    ]);
  });

  test("nothing printed: nothing blocks", () => {
    expect(parseEvacuationBlockers("")).toEqual([]);
    expect(parseEvacuationBlockers("\n")).toEqual([]);
  });

  test("a record without a reason still blocks, with an unknown code", () => {
    expect(parseEvacuationBlockers("uuid ( RO)          : 7a1c3f52-9b0e-4d21-8c6e-2f0a9d4b6e13\n    name-label ( RW): x\n")).toEqual([
      { uuid: "7a1c3f52-9b0e-4d21-8c6e-2f0a9d4b6e13", nameLabel: "x", code: "UNKNOWN" },
    ]);
  });
});

test.each([
  ["HOST_NOT_ENOUGH_FREE_MEMORY", "no other member has the free memory for it (HOST_NOT_ENOUGH_FREE_MEMORY)"],
  ["NO_HOSTS_AVAILABLE", "no other member is enabled to take it (NO_HOSTS_AVAILABLE)"],
  ["VM_IS_IMMOBILE", "it is marked immobile (VM_IS_IMMOBILE)"],
  ["SOMETHING_ELSE", "xapi refuses to move it (SOMETHING_ELSE)"],
])("blockerReason(%s)", (code, words) => {
  expect(blockerReason(code)).toBe(words);
});
