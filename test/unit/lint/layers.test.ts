/**
 * The import rules of eslint.config.mjs fire where the layers say they must,
 * and only there: planted sources that break each rule, and imports each layer
 * may make, linted with the repository's real config through ESLint's Node API.
 */
import { execFileSync } from "node:child_process";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const RULE = "@typescript-eslint/no-restricted-imports";

const SSH2 = "Only provider/remote/ talks SSH: run commands with runCommand or runScript from remote/ssh.";
const PULUMI = "model/ and schema/ do not depend on the Pulumi runtime: keep them plain TypeScript, testable without it.";
const HOST = "model/ and schema/ are pure and do no I/O: they must not import host/; let host/ call them with the data instead.";
const REMOTE = "model/ and schema/ are pure and do no I/O: they must not import remote/.";
const PROVIDERS = "host/ sits below providers/: it must not import them; take what it needs as arguments.";
const RESOURCES = "host/ sits below resources/: it must not import them; take what it needs as arguments.";
const ENTRY_POINTS = "host/ sits below lookups/ and cli/: it must not import them; take what it needs as arguments.";
const PLUGIN = "plugin/ is an entry point (the provider plugin's process): nothing below or beside it imports it.";
const HOST_FROM_PLUGIN = "plugin/ serves the providers and lookups: reach a host through them (providers/adapter's hostFor), never through host/ or remote/.";
const BESIDE_PLUGIN = "plugin/ sits beside resources/ and cli/: it must not import them.";
const PROVIDER_FROM_SIM = "sim/ is a package of its own (the simulated host): it imports nothing from provider/; give it its own copy of what it needs.";

interface Problem {
  ruleId: string | null;
  message: string;
  line: number;
}

interface Case {
  filePath: string;
  code: string;
}

/** The message no-restricted-imports gives for `source` matched by a pattern with `reason`. */
const restricted = (source: string, reason: string): Problem => ({
  ruleId: RULE,
  message: `'${source}' import is restricted from being used by a pattern. ${reason}`,
  line: 1,
});

/** Lints every case in one ESLint process (see lint-text.mjs for why a process). */
function lintAll(cases: readonly Case[]): Problem[][] {
  const out = execFileSync(process.execPath, [path.join(__dirname, "lint-text.mjs")], {
    cwd: ROOT,
    input: JSON.stringify({ cwd: ROOT, ruleId: RULE, cases }),
    encoding: "utf8",
  });
  return JSON.parse(out) as Problem[][];
}

/** [where, import line, the one problem expected or `undefined` for none]. */
const TABLE: readonly [string, string, Problem | undefined][] = [
  // model/ and schema/: no host/, remote/, ssh2 or Pulumi runtime.
  ["provider/model/planted.ts", 'import { XenHost } from "../host/xen-host";', restricted("../host/xen-host", HOST)],
  ["provider/model/deeper/planted.ts", 'import { x } from "../../host/boot-config/extlinux";', restricted("../../host/boot-config/extlinux", HOST)],
  ["provider/schema/planted.ts", 'import type { XeContext } from "../host/xe";', restricted("../host/xe", HOST)],
  ["provider/model/planted.ts", 'import { runCommand } from "../remote/ssh";', restricted("../remote/ssh", REMOTE)],
  ["provider/schema/nested/planted.ts", 'import { runCommand } from "../../remote/ssh";', restricted("../../remote/ssh", REMOTE)],
  ["provider/schema/planted.ts", 'export { quote } from "../remote/shell";', restricted("../remote/shell", REMOTE)],
  ["provider/model/planted.ts", 'import { Client } from "ssh2";', restricted("ssh2", SSH2)],
  ["provider/model/planted.ts", 'import * as pulumi from "@pulumi/pulumi";', restricted("@pulumi/pulumi", PULUMI)],
  ["provider/schema/planted.ts", 'import { dynamic } from "@pulumi/pulumi/dynamic";', restricted("@pulumi/pulumi/dynamic", PULUMI)],
  // host/: no providers/ or resources/.
  ["provider/host/planted.ts", 'import { withContext } from "../providers/error-context";', restricted("../providers/error-context", PROVIDERS)],
  ["provider/host/boot-config/planted.ts", 'import { x } from "../../providers/cold-boot";', restricted("../../providers/cold-boot", PROVIDERS)],
  ["provider/host/planted.ts", 'import type { PciAssignmentArgs } from "../resources/pci-assignment";', restricted("../resources/pci-assignment", RESOURCES)],
  ["provider/host/boot-config/planted.ts", 'import { x } from "../../resources/connection-args";', restricted("../../resources/connection-args", RESOURCES)],
  ["provider/host/planted.ts", 'import { getVm } from "../lookups/get-vm";', restricted("../lookups/get-vm", ENTRY_POINTS)],
  ["provider/host/planted.ts", 'import { main } from "../cli/main";', restricted("../cli/main", ENTRY_POINTS)],
  // ssh2 only in provider/remote/ (and tests), in every import form.
  ["provider/host/planted.ts", 'import { Client } from "ssh2";', restricted("ssh2", SSH2)],
  ["provider/providers/planted.ts", 'import type { ClientChannel } from "ssh2";', restricted("ssh2", SSH2)],
  ["provider/resources/planted.ts", 'export { Client } from "ssh2";', restricted("ssh2", SSH2)],
  ["provider/planted.ts", 'import ssh2 = require("ssh2");', restricted("ssh2", SSH2)],
  ["scripts/planted.ts", 'import { Client } from "ssh2/lib/client";', restricted("ssh2/lib/client", SSH2)],
  ["examples/planted.ts", 'import { Client } from "ssh2";', restricted("ssh2", SSH2)],
  // plugin/: through providers/ and lookups/ only; nothing imports it.
  ["provider/plugin/planted.ts", 'import { XenHost } from "../host/xen-host";', restricted("../host/xen-host", HOST_FROM_PLUGIN)],
  ["provider/plugin/planted.ts", 'import { sessionFor } from "../host/session-registry";', restricted("../host/session-registry", HOST_FROM_PLUGIN)],
  ["provider/plugin/planted.ts", 'import { runCommand } from "../remote/ssh";', restricted("../remote/ssh", HOST_FROM_PLUGIN)],
  ["provider/plugin/planted.ts", 'import { PciAssignment } from "../resources/pci-assignment";', restricted("../resources/pci-assignment", BESIDE_PLUGIN)],
  ["provider/plugin/planted.ts", 'import { main } from "../cli/main";', restricted("../cli/main", BESIDE_PLUGIN)],
  ["provider/plugin/planted.ts", 'import { Client } from "ssh2";', restricted("ssh2", SSH2)],
  ["provider/providers/planted.ts", 'import { secret } from "../plugin/secrets";', restricted("../plugin/secrets", PLUGIN)],
  ["provider/lookups/planted.ts", 'import { sharedSession } from "../plugin/invoke";', restricted("../plugin/invoke", PLUGIN)],
  ["provider/cli/planted.ts", 'import { PACKAGE } from "../plugin/tokens";', restricted("../plugin/tokens", PLUGIN)],
  ["provider/resources/planted.ts", 'import { PACKAGE } from "../plugin/tokens";', restricted("../plugin/tokens", PLUGIN)],
  ["provider/host/planted.ts", 'import { PACKAGE } from "../plugin/tokens";', restricted("../plugin/tokens", PLUGIN)],
  ["provider/schema/planted.ts", 'import { secret } from "../plugin/secrets";', restricted("../plugin/secrets", PLUGIN)],
  // sim/, the simulated host, and its tests: nothing from provider/, nor the package by name; ssh2 only in its tests.
  ["sim/planted.ts", 'import { quote } from "../provider/remote/shell";', restricted("../provider/remote/shell", PROVIDER_FROM_SIM)],
  ["sim/host/planted.ts", 'import { parsePciAddress } from "../../provider/model/pci-address";', restricted("../../provider/model/pci-address", PROVIDER_FROM_SIM)],
  ["sim/tools/xe/planted.ts", 'export { ErrorCode } from "../../../provider/errors";', restricted("../../../provider/errors", PROVIDER_FROM_SIM)],
  ["sim/test/planted.ts", 'import { XenHost } from "../../provider/host/xen-host";', restricted("../../provider/host/xen-host", PROVIDER_FROM_SIM)],
  ["sim/cli-planted.ts", 'import { getPciDevices } from "pulumi-xenserver-pci";', restricted("pulumi-xenserver-pci", PROVIDER_FROM_SIM)],
  ["sim/planted.ts", 'import { Client } from "ssh2";', restricted("ssh2", SSH2)],
  // Allowed.
  ["sim/host/planted.ts", 'import { shq } from "../shell-quote";', undefined],
  ["sim/test/planted.ts", 'import { startSimHost } from "..";', undefined],
  ["provider/plugin/planted.ts", 'import { pciAssignmentProvider } from "../providers/pci-assignment";', undefined],
  ["provider/plugin/planted.ts", 'import { getVmWith } from "../lookups/get-vm";', undefined],
  ["provider/plugin/planted.ts", 'import { connectionSchema } from "../schema/connection";', undefined],
  ["provider/plugin/planted.ts", 'import { main } from "@pulumi/pulumi/provider";', undefined],
  ["provider/model/planted.ts", 'import { parsePciAddress } from "./pci-address";', undefined],
  ["provider/model/planted.ts", 'import { ValidationError } from "../errors";', undefined],
  ["provider/model/planted.ts", 'import type { HostState } from "./host-state";', undefined],
  ["provider/schema/planted.ts", 'import type { Connection } from "../model/connection";', undefined],
  ["provider/host/planted.ts", 'import { runCommand } from "../remote/ssh";', undefined],
  ["provider/providers/planted.ts", 'import { XenHost } from "../host/xen-host";', undefined],
  ["provider/remote/planted.ts", 'import { Client } from "ssh2";', undefined],
  ["sim/test/planted.ts", 'import { Client } from "ssh2";', undefined],
  ["test/unit/model/planted.ts", 'import { runCommand } from "../../../provider/remote/ssh";', undefined],
  ["scripts/bench/fresh-connection-exec.ts", 'import { Client } from "ssh2";', undefined],
];

describe("the layer rules of eslint.config.mjs", () => {
  let problems: Problem[][];

  beforeAll(() => {
    problems = lintAll(TABLE.map(([filePath, line]) => ({ filePath, code: `${line}\nexport const planted = 1;\n` })));
  });

  it.each(TABLE.map((row, index) => [...row, index] as const))("%s: %s", (_filePath, _line, expected, index) => {
    expect(problems[index]).toEqual(expected === undefined ? [] : [expected]);
  });
});
