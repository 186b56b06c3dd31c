/**
 * The YAML example (`examples/yaml/Pulumi.yaml`) through the real Pulumi CLI,
 * its YAML language host (`pulumi-language-yaml`, built by scripts/setup.sh)
 * and the provider plugin installed from the packed package, against a
 * simulated XenServer 6.2 host: YAML needs no SDK, it reads the plugin's schema.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { PulumiStack } from "../support/pulumi-cli";
import { BAD_ADDRESS, describeSeedMachineProgram, EXAMPLES, GAMING_DEVICES, replaceOnce, withPluginPath } from "../support/plugin-program";
import { configureSimConnection } from "../support/sim-stack";

const EXAMPLE = path.join(EXAMPLES, "yaml", "Pulumi.yaml");

describeSeedMachineProgram("the YAML example through the Pulumi CLI and the provider plugin", async (work, sim, pluginDir) => {
  const project = path.join(work, "project");
  fs.mkdirSync(project);
  const program = withPluginPath(fs.readFileSync(EXAMPLE, "utf8"), pluginDir);
  const write = (text: string): void => {
    fs.writeFileSync(path.join(project, "Pulumi.yaml"), text);
  };
  write(program);
  const stack = new PulumiStack(project, path.join(work, "state"), "yaml");
  await stack.init();
  await configureSimConnection(stack, sim);
  const devices = `devices: [${GAMING_DEVICES.map((d) => JSON.stringify(d)).join(", ")}]`;
  return {
    stack,
    up: async () => {
      await stack.ok(["up", "--yes", "--skip-preview"]);
      return stack.outputs();
    },
    refresh: async () => {
      await stack.ok(["refresh", "--yes", "--skip-preview"]);
    },
    previewNoChanges: async () => {
      await stack.ok(["preview", "--expect-no-changes"]);
    },
    previewBadAddress: async () => {
      write(replaceOnce(program, devices, `devices: [${JSON.stringify(BAD_ADDRESS)}]`));
      try {
        const r = await stack.run(["preview"]);
        return { exitCode: r.exitCode, output: r.stdout + r.stderr };
      } finally {
        write(program);
      }
    },
    destroy: async () => {
      await stack.ok(["destroy", "--yes", "--skip-preview"]);
    },
  };
});
