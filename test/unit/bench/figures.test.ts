import { combineHostCounters, commandFigures, kbToMb, parentPidOfStat, vmHwmKb } from "../../../scripts/bench/figures";

describe("combineHostCounters", () => {
  it("sums each counter over the hosts and keeps each counter's maximum", () => {
    expect(
      combineHostCounters([
        { sshConnections: 1, execs: 10, xeCalls: 3 },
        { sshConnections: 2, execs: 4, xeCalls: 5 },
      ]),
    ).toEqual({ total: { sshConnections: 3, execs: 14, xeCalls: 8 }, maxPerHost: { sshConnections: 2, execs: 10, xeCalls: 5 } });
  });

  it("gives zeros for no host", () => {
    expect(combineHostCounters([])).toEqual({
      total: { sshConnections: 0, execs: 0, xeCalls: 0 },
      maxPerHost: { sshConnections: 0, execs: 0, xeCalls: 0 },
    });
  });
});

describe("commandFigures", () => {
  it("rounds the wall time to whole milliseconds", () => {
    expect(commandFigures(1234.56, [{ sshConnections: 1, execs: 2, xeCalls: 3 }])).toEqual({
      wallMs: 1235,
      total: { sshConnections: 1, execs: 2, xeCalls: 3 },
      maxPerHost: { sshConnections: 1, execs: 2, xeCalls: 3 },
    });
  });
});

describe("vmHwmKb", () => {
  it("reads the VmHWM line of a /proc status text", () => {
    expect(vmHwmKb("Name:\tnode\nVmPeak:\t 1100000 kB\nVmHWM:\t  156060 kB\nVmRSS:\t  150000 kB\n")).toBe(156060);
  });

  it("gives undefined when the line is missing (a kernel thread)", () => {
    expect(vmHwmKb("Name:\tkthreadd\nState:\tS (sleeping)\n")).toBeUndefined();
  });
});

describe("parentPidOfStat", () => {
  it("reads the parent PID after the command name, even when the name holds spaces and parentheses", () => {
    expect(parentPidOfStat("4242 (node) S 4100 4242 4100 0 -1")).toBe(4100);
    expect(parentPidOfStat("77 (a b) (c)) R 12 77 12 0")).toBe(12);
  });

  it("gives undefined for a truncated text", () => {
    expect(parentPidOfStat("77 (node) S")).toBeUndefined();
  });
});

describe("kbToMb", () => {
  it("converts with 1024 kB per MB and rounds to one decimal", () => {
    expect(kbToMb(156060)).toBe(152.4);
    expect(kbToMb(204800)).toBe(200);
  });
});
