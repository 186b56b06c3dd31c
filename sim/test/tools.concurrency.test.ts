import { execFile, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { readSimState, toolEntryPoint } from "../host";
import { ok, removeTempHosts, tempHost, TV, xe } from "./tools.fixture";

afterAll(removeTempHosts);

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runWrapper(file: string, argv: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(file, argv, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === "number" ? error.code : null, stdout, stderr });
    });
  });
}

beforeAll(() => {
  if (!fs.existsSync(toolEntryPoint())) throw new Error(`Unable to run the simulated tools: ${toolEntryPoint()} is missing; run npm run build`);
});

describe("concurrent xe processes", () => {
  test("20 parallel vm-param-set calls on different keys all land", async () => {
    const dir = tempHost("xs62");
    const wrapper = path.join(dir, "xsbin", "xe");
    const keys = Array.from({ length: 20 }, (_, i) => `key${i}`);
    const runs = await Promise.all(keys.map((key) => runWrapper(wrapper, ["vm-param-set", `uuid=${TV}`, `other-config:${key}=${key}-value`])));
    expect(runs.filter((r) => r.code !== 0 || r.stdout !== "" || r.stderr !== "")).toEqual([]);
    const otherConfig = readSimState(dir).vms.find((vm) => vm.uuid === TV)?.otherConfig ?? {};
    expect(keys.filter((key) => otherConfig[key] !== `${key}-value`)).toEqual([]);
    expect(readSimState(dir).xeCalls).toBe(20);
  });

  test("a lock left by a dead process is taken over", () => {
    const dir = tempHost("xs62");
    const dead = spawnSync(process.execPath, ["-e", "0"]).pid;
    fs.writeFileSync(path.join(dir, "state.lock"), String(dead));
    expect(xe(dir, "vm-list", `uuid=${TV}`, "params=power-state", "--minimal")).toEqual(ok("halted\n"));
    expect(fs.existsSync(path.join(dir, "state.lock"))).toBe(false);
  });

  test("the xe wrapper prints to the right streams and exits with xe's code", async () => {
    const dir = tempHost("xs82");
    const wrapper = path.join(dir, "root", "opt", "xensource", "bin", "xe");
    expect(await runWrapper(wrapper, ["vm-param-remove", `uuid=${TV}`, "param-name=other-config", "param-key=pci"])).toEqual({
      code: 1,
      stdout: "",
      stderr: "Key pci is not in map\n",
    });
  });
});
