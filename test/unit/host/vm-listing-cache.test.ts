import type { HostListing, ListedVm } from "../../../provider/host/vm-listing";
import { SHARED_READ_WINDOW_MS } from "../../../provider/host/shared-read";
import { VmListingCache } from "../../../provider/host/vm-listing-cache";
import type { Connection } from "../../../provider/model/connection";

const connection = (host: string, privateKey = "key-a"): Connection => ({
  host,
  port: 22,
  user: "root",
  privateKey,
  insecureIgnoreHostKey: true,
  timeoutMs: 1_000,
  sudo: false,
});

const TV = "3e5b9d70-1f2c-4a8e-b6d4-90c1e7f2a845";
const vm = (pciValue: string | undefined): ListedVm => ({
  uuid: TV,
  nameLabel: "TV",
  powerState: "halted",
  domId: -1,
  pciValue,
  attachedDevices: [],
  pciExact: true,
});
const listingWith = (pciValue: string | undefined): HostListing => ({ vms: [vm(pciValue)], pciDevices: [] });

describe("VmListingCache", () => {
  let clock = 0;
  let fetched: string[] = [];
  let hostHolds: string | undefined;
  const now = (): number => clock;
  const newCache = (): VmListingCache =>
    new VmListingCache((conn) => {
      fetched.push(conn.host);
      return Promise.resolve(listingWith(hostHolds));
    }, now);

  beforeEach(() => {
    clock = 10_000;
    fetched = [];
    hostHolds = undefined;
  });

  test("reads of one host within the window share one fetch; another host or other credentials fetch their own", async () => {
    const cache = newCache();
    await cache.listing(connection("a"));
    clock += SHARED_READ_WINDOW_MS;
    await cache.listing(connection("a"));
    await cache.listing(connection("b"));
    await cache.listing(connection("a", "key-of-another-user"));
    expect(fetched).toEqual(["a", "b", "a"]);
  });

  test("this process's write after the fetch started shows in later reads of the same listing", async () => {
    const cache = newCache();
    await cache.listing(connection("a"));
    clock += 100;
    hostHolds = "0/0000:06:00.0";
    cache.record(connection("a"), TV.toUpperCase(), { pciValue: "0/0000:06:00.0" });
    await expect(cache.listing(connection("a"))).resolves.toEqual(listingWith("0/0000:06:00.0"));
    expect(fetched).toEqual(["a"]);
  });

  test("a change recorded before a fetch started does not hide what that fetch found", async () => {
    const cache = newCache();
    cache.record(connection("a"), TV, { pciValue: "0/0000:06:00.0" });
    clock += 1;
    // Someone else changed the key since; the new listing has the truth.
    hostHolds = "0/0000:07:00.0";
    await expect(cache.listing(connection("a"))).resolves.toEqual(listingWith("0/0000:07:00.0"));
  });

  test("an overlaid VM counts as exactly known, and a later patch replaces an earlier one", async () => {
    const ambiguous = new VmListingCache(() => Promise.resolve({ vms: [{ ...vm("x"), pciExact: false }], pciDevices: [] }), now);
    await ambiguous.listing(connection("a"));
    ambiguous.record(connection("a"), TV, { powerState: "running", domId: 4 });
    ambiguous.record(connection("a"), TV, { pciValue: undefined });
    await expect(ambiguous.listing(connection("a"))).resolves.toEqual({ vms: [vm(undefined)], pciDevices: [] });
  });

  test("clear forgets listings and changes, like a new process", async () => {
    const cache = newCache();
    await cache.listing(connection("a"));
    cache.record(connection("a"), TV, { pciValue: "0/0000:06:00.0" });
    cache.clear();
    await expect(cache.listing(connection("a"))).resolves.toEqual(listingWith(undefined));
    expect(fetched).toEqual(["a", "a"]);
  });
});
