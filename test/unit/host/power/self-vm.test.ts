import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { readSelfVmUuid, SELF_UUID_FILE_ENV } from "../../../../provider/host/power/self-vm";

describe("readSelfVmUuid", () => {
  let dir: string;
  beforeAll(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), "xspci-self-")); });
  afterAll(() => { fs.rmSync(dir, { recursive: true, force: true }); });

  const withFile = (content: string): NodeJS.ProcessEnv => {
    const file = path.join(dir, `uuid-${String(Math.random()).slice(2)}`);
    fs.writeFileSync(file, content);
    return { [SELF_UUID_FILE_ENV]: file };
  };

  test("reads a guest's own VM UUID, lower case, from the file the environment names", () => {
    expect(readSelfVmUuid(withFile("DB4C64E1-44CE-F9F3-3236-0D86DF260249\n"))).toBe("db4c64e1-44ce-f9f3-3236-0d86df260249");
  });

  test.each([
    ["dom0's all-zero handle", "00000000-0000-0000-0000-000000000000\n"],
    ["no UUID", "not a uuid\n"],
    ["an empty file", ""],
  ])("%s names no guest", (_title, content) => {
    expect(readSelfVmUuid(withFile(content))).toBeUndefined();
  });

  test("a missing file: not a Xen guest", () => {
    expect(readSelfVmUuid({ [SELF_UUID_FILE_ENV]: path.join(dir, "absent") })).toBeUndefined();
  });
});
