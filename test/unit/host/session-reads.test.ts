import { clearSessionReads, registerSharedHostState, SessionReads } from "../../../provider/host/session-reads";
import type { Connection } from "../../../provider/model/connection";

const connection = (user: string): Connection => ({
  host: "xs62.lan",
  port: 22,
  user,
  privateKey: "key",
  insecureIgnoreHostKey: true,
  timeoutMs: 1_000,
  sudo: false,
});

describe("SessionReads", () => {
  test("a read of one session is shared, another user's session fetches its own", async () => {
    const reads = new SessionReads<string>(() => 0);
    const fetched: string[] = [];
    const fetch = (user: string) => () => {
      fetched.push(user);
      return Promise.resolve(`listing for ${user}`);
    };
    await expect(reads.value(connection("root"), fetch("root"))).resolves.toBe("listing for root");
    await expect(reads.value(connection("root"), fetch("root"))).resolves.toBe("listing for root");
    await expect(reads.value(connection("operator"), fetch("operator"))).resolves.toBe("listing for operator");
    expect(fetched).toEqual(["root", "operator"]);
  });

  test("clearSessionReads forgets every instance and every registered state", async () => {
    const first = new SessionReads<string>(() => 0);
    const second = new SessionReads<string>(() => 0);
    first.seed(connection("root"), "seeded");
    second.seed(connection("root"), "seeded");
    const cleared: string[] = [];
    registerSharedHostState({ clear: () => cleared.push("other state") });
    clearSessionReads();
    await expect(first.value(connection("root"), () => Promise.resolve("fetched"))).resolves.toBe("fetched");
    await expect(second.value(connection("root"), () => Promise.resolve("fetched"))).resolves.toBe("fetched");
    expect(cleared).toEqual(["other state"]);
  });
});
