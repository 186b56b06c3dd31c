/**
 * The Python example (`examples/python/__main__.py`, through the Python SDK
 * generated into `sdk/python`) through the real Pulumi CLI and the provider
 * plugin, against a simulated XenServer 6.2 host, run by the Automation API's
 * inline mode (`test/e2e/python-driver/driver.py`, so no Python language host
 * is needed).
 *
 * Python's `pulumi` package comes from PyPI, which the project's machines
 * cannot reach: where `python3 -c "import pulumi"` fails, the end-to-end run
 * is skipped (one skipped test, its reason printed), and only the example, the
 * driver and the SDK are byte-compiled.
 */
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PulumiStack } from "../support/pulumi-cli";
import { automationRunner, describeSeedMachineProgram, EXAMPLES } from "../support/plugin-program";
import { REPO_ROOT } from "../support/user-project";

const DRIVER = path.join(REPO_ROOT, "test", "e2e", "python-driver", "driver.py");

const probe = spawnSync("python3", ["-c", "import pulumi"], { encoding: "utf8" });
const pythonPulumi = probe.status === 0;
const why = probe.error?.message ?? probe.stderr.trim().split("\n").pop() ?? `exit ${String(probe.status)}`;

test("the Python example, its driver and the Python SDK byte-compile", () => {
  // Into a scratch prefix: nothing is written beside the sources.
  const prefix = fs.mkdtempSync(path.join(os.tmpdir(), "xspci-pyc-"));
  try {
    for (const target of [path.join(EXAMPLES, "python"), path.dirname(DRIVER), path.join(REPO_ROOT, "sdk", "python")]) {
      execFileSync("python3", ["-m", "compileall", "-q", target], {
        env: { ...process.env, PYTHONPYCACHEPREFIX: prefix },
        stdio: ["ignore", "pipe", "inherit"],
      });
    }
  } finally {
    fs.rmSync(prefix, { recursive: true, force: true });
  }
});

if (pythonPulumi) {
  describeSeedMachineProgram("the Python example through the Automation API, the Pulumi CLI and the provider plugin", (work, sim, pluginDir) => {
    const workspace = path.join(work, "workspace");
    fs.mkdirSync(workspace);
    const stack = new PulumiStack(workspace, path.join(work, "state"), "python");
    return Promise.resolve(automationRunner(stack, ["python3", DRIVER], sim, pluginDir));
  });
} else {
  process.stdout.write(`python e2e: skipped, python3 -c "import pulumi" fails here (${why}); Python's pulumi package comes from PyPI\n`);
  test.skip(`the Python example end to end (skipped: python3 -c "import pulumi" fails here: ${why})`, () => undefined);
}
