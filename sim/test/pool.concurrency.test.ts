import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { readPoolState, toolEntryPoint } from "../host";
import { memberDir, removeTempPools, tempPool } from "./pool.fixture";
import { TV } from "./tools.fixture";

afterAll(removeTempPools);

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

describe("concurrent xe processes on several members of a pool", () => {
  test("parallel vm-param-set calls on three members all land in the one database, each counted on its member", async () => {
    const pool = tempPool("xs62", 3);
    const calls = Array.from({ length: 12 }, (_, i) => ({ member: i % 3, key: `key${i}` }));
    const runs = await Promise.all(
      calls.map(({ member, key }) => runWrapper(path.join(memberDir(pool, member), "xsbin", "xe"), ["vm-param-set", `uuid=${TV}`, `other-config:${key}=${key}-value`])),
    );
    expect(runs.filter((r) => r.code !== 0 || r.stdout !== "" || r.stderr !== "")).toEqual([]);
    const state = readPoolState(pool.dir);
    const otherConfig = state.vms.find((vm) => vm.uuid === TV)?.otherConfig ?? {};
    expect(calls.filter(({ key }) => otherConfig[key] !== `${key}-value`)).toEqual([]);
    expect(state.hosts.map((h) => h.xeCalls)).toEqual([4, 4, 4]);
    expect(fs.existsSync(path.join(pool.dir, "pool.lock"))).toBe(false);
  });
});
