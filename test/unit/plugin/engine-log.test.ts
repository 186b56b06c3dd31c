/**
 * Where the plugin's progress lines go without an engine, and which argument
 * is the engine's address.
 */
import { engineAddressOf, engineLog } from "../../../provider/plugin/engine-log";

describe("engine log", () => {
  it("finds the engine's address as @pulumi/pulumi/provider does, past the logging and tracing flags", () => {
    expect(engineAddressOf(["127.0.0.1:4242"])).toBe("127.0.0.1:4242");
    expect(engineAddressOf(["--logtostderr", "-v=9", "--tracing", "http://t", "127.0.0.1:4242"])).toBe("127.0.0.1:4242");
    expect(engineAddressOf([])).toBeUndefined();
    expect(engineAddressOf(["--logtostderr"])).toBeUndefined();
  });

  it("sends lines to stderr, never stdout, when there is no engine", async () => {
    const written: string[] = [];
    const log = engineLog(undefined, (text) => written.push(text));
    log.sink("Host h: rebooting.");
    await log.flushed();
    expect(written).toEqual(["Host h: rebooting.\n"]);
  });

  it("falls back to stderr, in order, when the engine cannot be reached", async () => {
    const written: string[] = [];
    // A port nothing listens on: each Log call fails.
    const log = engineLog("127.0.0.1:1", (text) => written.push(text));
    log.sink("one");
    log.sink("two");
    await log.flushed();
    expect(written).toEqual(["one\n", "two\n"]);
  });
});
