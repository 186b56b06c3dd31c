import { classifyXeError } from "../../../provider/model/xe-error";

const VM = "db4c64e1-44ce-f9f3-3236-0d86df260249";
const BAD_POWER =
  "You attempted an operation on a VM that was not in an appropriate power state at the time; for example, you attempted to start a VM that was already running.  The parameters returned are the VM's handle, and the expected and actual VM state at the time of the call.";

describe("classifyXeError", () => {
  it.each<[string, string, string]>([
    ["an unknown VM in vm-param-*", `The uuid you supplied was invalid.\ntype: VM\nuuid: ${VM}\n`, "unknown-vm"],
    ["an unknown VM in vm-start", "No matching VMs found\n", "unknown-vm"],
    ["an absent key on read", "Key pci not found in map\n", "key-absent"],
    ["an absent key on remove (xs62)", "Key is not in map\n", "key-absent"],
    ["an absent key on remove (newer)", "Key pci is not in map\n", "key-absent"],
    ["a bad power state (xs62)", `${BAD_POWER}\nvm: ${VM} (NAS)\nexpected: halted\nactual: running\n`, "bad-power-state"],
    ["missing PV drivers (xs62)", `VM_MISSING_PV_DRIVERS\nvm: ${VM}\n`, "missing-pv-drivers"],
    ["a lacking feature (newer)", `VM_LACKS_FEATURE\nvm: ${VM}\n`, "lacks-feature"],
    ["an unknown command", "Unknown command: pci-list\nFor usage run: 'xe help'\n", "unknown-command"],
    ["xapi down", "Error: Connection refused (calling connect )\n", "connection-refused"],
    ["a missing parameter", "Required parameter not found: uuid\nFor usage run: 'xe help'\n", "other"],
    ["an invalid host UUID", `The uuid you supplied was invalid.\ntype: host\nuuid: ${VM}\n`, "other"],
  ])("recognises %s", (_title, stderr, kind) => {
    expect(classifyXeError(stderr).kind).toBe(kind);
  });

  it("returns the parameters of a bad power state", () => {
    expect(classifyXeError(`${BAD_POWER}\nvm: ${VM} (NAS)\nexpected: halted\nactual: running\n`)).toEqual({
      kind: "bad-power-state",
      message: `${BAD_POWER}; vm: ${VM} (NAS); expected: halted; actual: running`,
      parameters: { vm: `${VM} (NAS)`, expected: "halted", actual: "running" },
    });
  });

  it("uses the message line of an internal error", () => {
    const stderr =
      "The server failed to handle your request, due to an internal error. The given message may give details useful for debugging the problem.\nmessage: xenopsd internal error: Cannot_add(0000:06:00.0, _)\n";
    expect(classifyXeError(stderr)).toEqual({
      kind: "internal",
      message: "xenopsd internal error: Cannot_add(0000:06:00.0, _)",
      parameters: { message: "xenopsd internal error: Cannot_add(0000:06:00.0, _)" },
    });
  });

  it("joins the lines of an unrecognised error", () => {
    expect(classifyXeError("Something odd\n\n  happened  \n")).toEqual({
      kind: "other",
      message: "Something odd; happened",
      parameters: {},
    });
  });
});
