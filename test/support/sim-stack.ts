/**
 * A Pulumi stack of the end-to-end fixture program (`test/e2e/fixture`), in a
 * user project that installs the packed package, configured to reach one
 * simulated host. For tests and scripts that drive the real CLI.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { SimHost } from "../../sim";
import { PulumiStack } from "./pulumi-cli";
import { createUserProject, packPackage, REPO_ROOT } from "./user-project";

/** The fixture program: config `hidden` (addresses) and `assignments` (name → {vmUuid, devices, coldBoot?}). */
export const FIXTURE_PROGRAM = path.join(REPO_ROOT, "test", "e2e", "fixture", "index.ts");

/** Sets the fixture's connection config on `stack`: host, port, pinned host key, and the client key as a secret. */
export async function configureSimConnection(stack: PulumiStack, sim: SimHost): Promise<void> {
  const settings: [key: string, value: string, secret: boolean][] = [
    ["host", sim.info.host, false],
    ["port", String(sim.info.port), false],
    ["hostKey", sim.info.hostKeyFingerprint, false],
    ["sshKey", fs.readFileSync(sim.info.privateKeyPath, "utf8"), true],
  ];
  for (const [key, value, secret] of settings) await stack.setConfig(key, value, secret);
}

/**
 * Packs the package, creates the user project in `work/project` with the
 * fixture program, and a stack `stackName` (backend in `work/state`) whose
 * connection config reaches `sim`.
 */
export async function createSimStack(work: string, sim: SimHost, stackName: string): Promise<PulumiStack> {
  const tarball = packPackage(path.join(work, "pack"));
  createUserProject(path.join(work, "project"), tarball, FIXTURE_PROGRAM);
  const stack = new PulumiStack(path.join(work, "project"), path.join(work, "state"), stackName);
  await stack.init();
  await configureSimConnection(stack, sim);
  return stack;
}
