/**
 * `npm run demo`: the whole life of the example stack (examples/index.ts) on a
 * simulated XenServer 6.2 host, with the real Pulumi CLI and a local backend in
 * a temporary directory. Exits non-zero if any step fails or if the host is not
 * back to its original boot config and VM keys after `pulumi destroy`. A second
 * act converges the same machine in one `pulumi up` with `reboot` and
 * `coldBoot` set to `"whenRequired"`.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startSimHost, type SimHost } from "../sim";
import { hostSnapshot } from "../test/support/host-snapshot";
import { PulumiStack } from "../test/support/pulumi-cli";
import { configureSimConnection } from "../test/support/sim-stack";
import { REPO_ROOT } from "../test/support/user-project";

const STACK = "demo";

function say(text: string): void {
  process.stdout.write(`\n==> ${text}\n`);
}

function show(text: string): void {
  process.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
}

function vmUuid(sim: SimHost, nameLabel: string): string {
  const vm = sim.state().vms.find((v) => v.nameLabel === nameLabel);
  if (vm === undefined) throw new Error(`the simulated host has no VM named ${nameLabel}`);
  return vm.uuid;
}

async function main(): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "xspci-demo-"));
  const stackConfig = path.join(REPO_ROOT, `Pulumi.${STACK}.yaml`);
  fs.rmSync(stackConfig, { force: true });
  say("Starting a simulated XenServer 6.2 host: a real sshd on 127.0.0.1 with the seed's NAS, gaming and TV VMs");
  const sim = await startSimHost({ dir: path.join(work, "host"), profile: "xs62" });
  try {
    show(JSON.stringify(sim.info));
    const original = JSON.stringify(hostSnapshot(sim));
    const stack = new PulumiStack(REPO_ROOT, path.join(work, "state"), STACK);

    say(`Creating stack "${STACK}" with a local backend in ${path.join(work, "state")}; the SSH key is stored as a secret`);
    await stack.init();
    await configureSimConnection(stack, sim);

    say("pulumi preview: what would change (nothing is written to the host)");
    show((await stack.ok(["preview"])).stdout);
    if (JSON.stringify(hostSnapshot(sim)) !== original) throw new Error("pulumi preview changed the host");

    say("pulumi up: hide the NAS's storage controller from dom0, assign the devices");
    show((await stack.ok(["up", "--yes", "--skip-preview"])).stdout);
    say("Outputs: which VMs need a cold boot, whether the host needs a reboot, and the next steps");
    show(JSON.stringify(await stack.outputs(), null, 2));

    say("Rebooting the host (the hide list takes effect; every VM halts), then starting the VMs: their cold boot");
    sim.rebootHost();
    for (const name of ["NAS", "Gaming"]) {
      const r = sim.xe("vm-start", `uuid=${vmUuid(sim, name)}`);
      if (r.exitCode !== 0) throw new Error(`vm-start ${name} failed: ${r.stderr}`);
    }
    show(JSON.stringify(sim.state().pcis));

    say("pulumi refresh: read the host again; the resources' pending flags clear");
    show((await stack.ok(["refresh", "--yes", "--skip-preview"])).stdout);
    const flags = {
      "nas-hba pendingHostReboot": (await stack.resourceOutputs("HiddenPciDevice", "nas-hba")).pendingHostReboot,
      "nas pendingColdBoot": (await stack.resourceOutputs("PciAssignment", "nas")).pendingColdBoot,
      "gaming pendingColdBoot": (await stack.resourceOutputs("PciAssignment", "gaming")).pendingColdBoot,
    };
    show(JSON.stringify(flags, null, 2));
    if (Object.values(flags).some((v) => v !== false)) {
      throw new Error("the pending flags did not clear after the reboot and the cold boots");
    }

    say("pulumi up: nothing left to change; the stack outputs now say so too");
    await stack.ok(["up", "--yes", "--skip-preview", "--expect-no-changes"]);
    show(JSON.stringify(await stack.outputs(), null, 2));

    say("pulumi destroy: remove the pci keys and our hide entry");
    show((await stack.ok(["destroy", "--yes", "--skip-preview"])).stdout);
    if (JSON.stringify(hostSnapshot(sim)) !== original) throw new Error("the host's boot config or VM keys differ from the original");
    say("The host's boot config and every VM's other-config are back to the original, byte for byte");

    say("Rebooting the host (dom0 takes the controller back) and starting the NAS and gaming VMs: the seed's machine again");
    sim.rebootHost();
    for (const name of ["NAS", "Gaming"]) {
      const r = sim.xe("vm-start", `uuid=${vmUuid(sim, name)}`);
      if (r.exitCode !== 0) throw new Error(`vm-start ${name} failed: ${r.stderr}`);
    }

    say('Second act: the same machine, converged by one pulumi up with reboot and coldBoot "whenRequired"');
    await stack.setConfig("reboot", "whenRequired");
    await stack.setConfig("coldBoot", "whenRequired");
    const bootsBefore = sim.state().boots;
    show((await stack.ok(["up", "--yes", "--skip-preview"])).stdout);
    const converged = await stack.outputs();
    show(JSON.stringify(converged, null, 2));
    if (converged.nasNeedsColdBoot !== false || converged.gamingNeedsColdBoot !== false || converged.hostNeedsReboot !== false) {
      throw new Error("one pulumi up with reboot and coldBoot whenRequired left something pending");
    }
    if (sim.state().boots !== bootsBefore + 1) throw new Error(`expected one host reboot, saw ${String(sim.state().boots - bootsBefore)}`);
    say("One reboot, every VM that ran is running with its devices, nothing pending");
    show(JSON.stringify(sim.state().vms.map((vm) => ({ name: vm.nameLabel, powerState: vm.powerState, attachedDevices: vm.attachedDevices }))));
    show((await stack.ok(["destroy", "--yes", "--skip-preview"])).stdout);
    await stack.ok(["stack", "rm", "--yes", "--force", STACK]);
  } finally {
    say("Stopping the simulated host");
    await sim.stop();
    fs.rmSync(stackConfig, { force: true });
    fs.rmSync(work, { recursive: true, force: true });
  }
  say("Demo finished");
}

main().catch((err: unknown) => {
  process.stderr.write(`demo failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
