import { bootedSince } from "../../../../provider/host/power/reboot-facts";

test.each([
  ["1764500000.", "1764500000.", false],
  ["1764500000.", "1764500001.", false],
  ["1764500001.", "1764500000.", false],
  ["1764500000.", "1764500002.", true],
  ["1764500000.", "1764500300.", true],
  ["1764500000.12", "1764500000.87", false],
  ["garbage", "garbage", false],
  ["garbage", "other", true],
])("bootedSince(%j, %j) is %j: a toolstack restart moves boot_time by a second at most", (before, now, expected) => {
  expect(bootedSince(before, now)).toBe(expected);
});
