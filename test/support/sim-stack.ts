/**
 * A Pulumi stack of the end-to-end fixture program (`test/e2e/fixture`), in a
 * user project that installs the packed package, configured to reach one
 * simulated host. For tests and scripts that drive the real CLI.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { SimHost } from "../sim";
import { PulumiStack } from "./pulumi-cli";
import { createUserProject, packPackage, REPO_ROOT } from "./user-project";

/** The fixture program: config `hidden` (addresses) and `assignments` (name → {vmUuid, devices, coldBoot?}). */
export const FIXTURE_PROGRAM = path.join(REPO_ROOT, "test", "e2e", "fixture", "index.ts");

/**
 * Packs the package, creates the user project in `work/project` with the
 * fixture program, and a stack `stackName` (backend in `work/state`) whose
 * connection config (host, port, pinned host key, secret key) reaches `sim`.
 */
export async function createSimStack(work: string, sim: SimHost, stackName: string): Promise<PulumiStack> {
  const tarball = packPackage(path.join(work, "pack"));
  createUserProject(path.join(work, "project"), tarball, FIXTURE_PROGRAM);
  const stack = new PulumiStack(path.join(work, "project"), path.join(work, "state"), stackName);
  await stack.init();
  await stack.setConfig("host", sim.info.host);
  await stack.setConfig("port", String(sim.info.port));
  await stack.setConfig("hostKey", sim.info.hostKeyFingerprint);
  await stack.setConfig("sshKey", fs.readFileSync(sim.info.privateKeyPath, "utf8"), true);
  return stack;
}
