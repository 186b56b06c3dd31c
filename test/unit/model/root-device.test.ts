import { decodeStDev, pciFunctionOfSysfsPath, sysDevBlockPath } from "../../../provider/model/root-device";

describe("decodeStDev", () => {
  it.each([
    ["2049", 8, 1],
    ["2049\n", 8, 1],
    ["64768", 253, 0],
    ["66305", 259, 1],
    ["1050668", 8, 300],
    ["0", 0, 0],
    ["17592186044416", 4096, 0],
  ])("decodes st_dev %j as %i:%i", (text, major, minor) => {
    expect(decodeStDev(text)).toEqual({ major, minor });
  });

  it.each(["", "-1", "0x801", "8:1", "12a"])("refuses %j", (text) => {
    expect(decodeStDev(text)).toBeUndefined();
  });
});

describe("sysDevBlockPath", () => {
  it("names the /sys/dev/block link of a device number", () => {
    expect(sysDevBlockPath({ major: 8, minor: 1 })).toBe("/sys/dev/block/8:1");
  });
});

describe("pciFunctionOfSysfsPath", () => {
  it("finds the storage controller of a SATA disk", () => {
    expect(
      pciFunctionOfSysfsPath("/sys/devices/pci0000:00/0000:00:1f.2/host0/target0:0:0/0:0:0:0/block/sda/sda1\n"),
    ).toBe("0000:00:1f.2");
  });

  it("takes the function nearest the disk when bridges come first", () => {
    expect(
      pciFunctionOfSysfsPath(
        "/sys/devices/pci0000:00/0000:00:1c.0/0000:02:00.0/host2/target2:0:0/2:0:0:0/block/sdb/sdb3",
      ),
    ).toBe("0000:02:00.0");
  });

  it("reads an NVMe path with an upper-case hex function", () => {
    expect(pciFunctionOfSysfsPath("/sys/devices/pci0000:00/0000:00:03.0/0000:3B:00.0/nvme/nvme0/nvme0n1/nvme0n1p1")).toBe(
      "0000:3b:00.0",
    );
  });

  it.each([
    "/sys/devices/virtual/block/dm-0",
    "/sys/devices/vbd-51712/block/xvda/xvda1",
    "/sys/devices/pci0000:00",
    "",
  ])("finds no controller in %j", (path) => {
    expect(pciFunctionOfSysfsPath(path)).toBeUndefined();
  });
});
