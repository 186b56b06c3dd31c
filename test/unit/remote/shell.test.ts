import { execFileSync, spawnSync } from "node:child_process";

import fc from "fast-check";

import { ValidationError } from "../../../provider/errors";
import { argvForUser, assignVariable, buildCommand, buildScript, quoteWord, scriptArgv, sudoArgv } from "../../../provider/remote/shell";

/** Runs a command line with the local /bin/sh and returns its stdout bytes. */
function sh(commandLine: string, stdin = ""): Buffer {
  return execFileSync("/bin/sh", ["-c", commandLine], { input: stdin });
}

/** Strings a shell would love to interpret, mixed with arbitrary unicode. */
const hostileString = fc
  .oneof(
    fc.string({ unit: "binary" }),
    fc.string({ unit: "binary-ascii" }),
    fc.string({ unit: fc.constantFrom("'", '"', "\\", "$(", ")", "`", "$", "\n", " ", "*", ";", "&", "|", "!", "-", "~", "é", "😀") }),
  )
  .filter((s) => !s.includes("\0"));

describe("quoteWord", () => {
  it.each([
    ["an empty string", "", "''"],
    ["a plain word", "vm-list", "'vm-list'"],
    ["spaces", "a b", "'a b'"],
    ["a single quote", "it's", `'it'\\''s'`],
    ["only quotes", "''", `''\\'''\\'''`],
    ["command substitutions", "$(reboot) `reboot`", "'$(reboot) `reboot`'"],
    ["a newline", "a\nb", "'a\nb'"],
  ])("quotes %s", (_name, word, quoted) => {
    expect(quoteWord(word)).toBe(quoted);
  });

  it("rejects a NUL byte with a ValidationError", () => {
    expect(() => quoteWord("a\0b")).toThrow(ValidationError);
    expect(() => quoteWord("a\0b")).toThrow('"a\\u0000b" to the remote shell: it contains a NUL byte');
  });

  it("survives /bin/sh byte for byte for arbitrary strings", () => {
    fc.assert(
      fc.property(hostileString, (word) => {
        expect(sh(`printf '%s' ${quoteWord(word)}`)).toEqual(Buffer.from(word, "utf8"));
      }),
      { numRuns: 200 },
    );
  });
});

describe("buildCommand", () => {
  it("quotes every word and joins them with spaces", () => {
    expect(buildCommand(["xe", "vm-param-set", "uuid=x", "other-config:pci=0/0000:06:00.0"])).toBe(
      "'xe' 'vm-param-set' 'uuid=x' 'other-config:pci=0/0000:06:00.0'",
    );
  });

  it("rejects an empty argument list", () => {
    expect(() => buildCommand([])).toThrow(ValidationError);
  });

  it("passes every word to the program unchanged", () => {
    fc.assert(
      fc.property(fc.array(hostileString, { minLength: 1, maxLength: 4 }), (words) => {
        const out = sh(buildCommand(["printf", "%s\\0", ...words]));

        expect(out).toEqual(Buffer.concat(words.map((w) => Buffer.from(`${w}\0`, "utf8"))));
      }),
      { numRuns: 100 },
    );
  });
});

describe("scriptArgv", () => {
  it("runs the script with sh -c and names $0 sh", () => {
    expect(scriptArgv('echo "$1"', ["a"])).toEqual(["sh", "-c", 'echo "$1"', "sh", "a"]);
    expect(scriptArgv("true")).toEqual(["sh", "-c", "true", "sh"]);
  });

  it("delivers positional arguments and stdin to the script exactly", () => {
    const script = buildScript(['printf "%s|" "$#" "$1" "$2"', "cat"]);
    fc.assert(
      fc.property(hostileString, hostileString, hostileString, (first, second, content) => {
        const out = sh(buildCommand(scriptArgv(script, [first, second])), content);

        expect(out).toEqual(Buffer.from(`2|${first}|${second}|${content}`, "utf8"));
      }),
      { numRuns: 100 },
    );
  });
});

describe("sudoArgv", () => {
  it("prefixes sudo -n, which fails instead of prompting for a password", () => {
    expect(sudoArgv(["xe", "vm-list"])).toEqual(["sudo", "-n", "xe", "vm-list"]);
  });
});

describe("argvForUser", () => {
  it("adds sudo -n for a non-root user who asked for sudo", () => {
    expect(argvForUser(["xe", "vm-list"], { user: "admin", sudo: true })).toEqual(["sudo", "-n", "xe", "vm-list"]);
  });

  it("leaves the argv alone for root, and for a user who did not ask for sudo", () => {
    expect(argvForUser(["xe", "vm-list"], { user: "root", sudo: true })).toEqual(["xe", "vm-list"]);
    expect(argvForUser(["xe", "vm-list"], { user: "admin", sudo: false })).toEqual(["xe", "vm-list"]);
  });
});

describe("buildScript", () => {
  it("starts with set -e and ends with a newline", () => {
    expect(buildScript(["a", "b"])).toBe("set -e\na\nb\n");
  });

  it("stops at the first failing line", () => {
    const run = spawnSync("/bin/sh", ["-c", buildScript(["echo one", "false", "echo two"])], { encoding: "utf8" });

    expect([run.status, run.stdout]).toEqual([1, "one\n"]);
  });
});

describe("assignVariable", () => {
  it("assigns a quoted value that the shell reads back exactly", () => {
    const line = assignVariable("target", "/boot/extlinux.conf 'x' $(y)");

    expect(line).toBe(`target='/boot/extlinux.conf '\\''x'\\'' $(y)'`);
    expect(sh(`${line}; printf '%s' "$target"`).toString()).toBe("/boot/extlinux.conf 'x' $(y)");
  });

  it("rejects a name that is not a shell identifier", () => {
    expect(() => assignVariable("a-b", "x")).toThrow(ValidationError);
    expect(() => assignVariable("a-b", "x")).toThrow('"a-b" is not a shell variable name');
  });
});
