/**
 * xe failures as typed errors: class, code and message for each kind of stderr.
 */
import { CommandError, HostStateError } from "../../../../provider/errors";
import { xeError } from "../../../../provider/host/exec/xe";
import { withContext } from "../../../../provider/providers/error-context";

const U = "db4c64e1-44ce-f9f3-3236-0d86df260249";
const context = { host: "xs1", action: `shutting VM ${U} down cleanly`, argv: ["xe", "vm-shutdown", `uuid=${U}`] };
const failed = (stderr: string, exitCode = 1) => ({ stdout: "", stderr, exitCode });

describe("xeError", () => {
  test.each<[string, string, number, typeof HostStateError | typeof CommandError, string, string]>([
    ["an unknown VM", "No matching VMs found\n", 1, HostStateError, "VM_NOT_FOUND", "no VM has this UUID (xe: No matching VMs found)"],
    [
      "missing PV drivers",
      `Error code: VM_MISSING_PV_DRIVERS\nError parameters: OpaqueRef:1\n`,
      1,
      HostStateError,
      "VM_MISSING_PV_DRIVERS",
      "the guest has no PV drivers, so xapi cannot shut it down cleanly (xe: Error code: VM_MISSING_PV_DRIVERS; Error parameters: OpaqueRef:1)",
    ],
    [
      "a wrong power state",
      "You attempted an operation on a VM that was not in an appropriate power state at the time.\nvm: U (NAS)\nexpected: running\nactual: halted\n",
      1,
      HostStateError,
      "VM_BAD_POWER_STATE",
      "the VM is halted but the operation needs it running.",
    ],
    [
      "an internal error",
      "The server failed to handle your request, due to an internal error. The given message may give details useful for debugging the problem.\nmessage: xenopsd internal error: boom\n",
      1,
      CommandError,
      "XAPI_INTERNAL_ERROR",
      "xapi failed internally: xenopsd internal error: boom",
    ],
    ["xapi down", "Error: Connection refused (calling connect )\n", 1, CommandError, "XAPI_UNREACHABLE", "xe cannot reach xapi (Error: Connection refused (calling connect ))"],
    ["no xe at all", "sh: xe: not found\n", 127, HostStateError, "NOT_A_XEN_HOST", "the host has no `xe` command."],
    ["anything else", "something odd\n", 1, CommandError, "XE_FAILED", "xe failed: something odd"],
  ])("%s", (_name, stderr, exitCode, errorClass, code, cause) => {
    const error = xeError(context, failed(stderr, exitCode));
    expect(error).toBeInstanceOf(errorClass);
    expect(error.code).toBe(code);
    expect(error.reason).toContain(`shutting VM ${U} down cleanly on xs1: `);
    expect(error.reason).toContain(cause);
    expect(error.reason).not.toMatch(/Unable to|\.\.$/);
  });

  test("a cause that ends with a period gets no second one", () => {
    const error = xeError({ ...context, action: "listing the VMs" }, failed("Lost connection to the server.\n"));
    expect(error.code).toBe("XE_FAILED");
    expect(error.reason).toContain("listing the VMs on xs1: xe failed: Lost connection to the server.");
    expect(error.reason).not.toContain("server..");
  });
});

describe("withContext", () => {
  test("prefixes the message and keeps class, code, hint and details", () => {
    const inner = xeError(context, failed("something odd\n"));
    const outer = withContext(`Unable to update PCI assignment for VM ${U}`, inner);
    expect(outer).toBeInstanceOf(CommandError);
    expect(outer).toMatchObject({ code: "XE_FAILED", hint: "Fix what xe reports on the host, then retry.", stderr: "something odd\n", cause: inner });
    expect(outer.message).toBe(
      `Unable to update PCI assignment for VM ${U}: shutting VM ${U} down cleanly on xs1: xe failed: something odd.\nFix what xe reports on the host, then retry.`,
    );
  });
});
