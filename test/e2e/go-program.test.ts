/**
 * The Go example (`examples/go`, `machine.Program`, through the Go SDK
 * generated into `sdk/go`) through the real Pulumi CLI and the provider
 * plugin installed from the packed package, against a simulated XenServer 6.2
 * host. The Go language host is not built here (the Go module proxy does not
 * serve it), so the program runs through the Automation API's inline mode:
 * `test/e2e/go-driver` hosts the program's language runtime itself and runs
 * each step with the `pulumi` CLI of the PATH.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { PulumiStack } from "../support/pulumi-cli";
import { automationRunner, describeSeedMachineProgram } from "../support/plugin-program";
import { REPO_ROOT } from "../support/user-project";

const DRIVER_MODULE = path.join(REPO_ROOT, "test", "e2e", "go-driver");

/** The go command: on PATH, else where scripts/setup.sh expects Go. */
function goCommand(): string {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (dir !== "" && fs.existsSync(path.join(dir, "go"))) return path.join(dir, "go");
  }
  return "/usr/local/go/bin/go";
}

describeSeedMachineProgram("the Go example through the Automation API, the Pulumi CLI and the provider plugin", (work, sim, pluginDir) => {
  const driver = path.join(work, "go-driver");
  // The module's go.sum is committed: -mod=readonly builds exactly it. Quick
  // when Go's caches are warm, minutes on a fresh machine.
  execFileSync(goCommand(), ["build", "-mod=readonly", "-trimpath", "-o", driver, "."], {
    cwd: DRIVER_MODULE,
    env: { ...process.env, GOTOOLCHAIN: "local", GOFLAGS: "-buildvcs=false" },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const workspace = path.join(work, "workspace");
  fs.mkdirSync(workspace);
  const stack = new PulumiStack(workspace, path.join(work, "state"), "go");
  return Promise.resolve(automationRunner(stack, [driver], sim, pluginDir));
});
