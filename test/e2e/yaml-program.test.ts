/**
 * The YAML example (`examples/yaml/Pulumi.yaml`) through the real Pulumi CLI,
 * its YAML language host (`pulumi-language-yaml`, built by scripts/setup.sh)
 * and the provider plugin installed from the packed package, against a
 * simulated XenServer 6.2 host: YAML needs no SDK, it reads the plugin's schema.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { PulumiStack } from "../support/pulumi-cli";
import { cliRunner, describeSeedMachineProgram, EXAMPLES, withPluginPath } from "../support/plugin-program";
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
  return cliRunner(stack, program, write);
});
