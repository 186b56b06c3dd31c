/**
 * The simulated XenServer host's state and tools, for the SSH side
 * (`sim/sshd.ts`, `cli.ts`) and for tests.
 */
export type {
  Inventory,
  InventoryPci,
  InventoryVm,
  PoolInventory,
  PoolInventoryHost,
  PowerState,
  Profile,
  SimStateJson,
  SimHostSideJson,
  SimGuestJson,
  SimPoolStateJson,
  SimPoolHostJson,
  SimPciJson,
  InventoryHost,
  HostState,
  HostPower,
  PowerPhase,
  PowerTransition,
  PoolObjectState,
  VmState,
  PciState,
} from "./types";
export { DEFAULT_INVENTORY, defaultInventory } from "./default-inventory";
export { initHost, DEFAULT_HOST_UUID, BOOT_DISK_ADDRESS, type InitHostOptions } from "./init-host";
export { initPool, poolHostUuid, poolHostName, type InitPoolOptions } from "./init-pool";
export { isPoolDir, readPoolMembers, readMembership, type PoolMembership } from "./pool-files";
export { applyBootConfig, type RebootHostOptions } from "./reboot-host";
export { rebootHost } from "../power/power-cycle";
export { readSimState, readPoolState, readExtlinuxInstalls } from "./read-sim-state";
export { simMounts, type SimMount } from "./mounts";
export { clearXeFaultState, consumeXeFault, type XeCall, type XeFault, type XeFaultAction } from "./faults";
export { readHostConfig, setXeLatency, setRebootTimings, rebootTimings, DEFAULT_REBOOT_TIMINGS, type HostConfig, type RebootTimings } from "./host-config";
export { hostFiles, type HostFiles } from "./files";
export { readHostState } from "./state-store";
export { PROFILE_FACTS, isProfile } from "./profiles";
export { SIM_TOOLS, toolEntryPoint, xapiEntryPoint } from "./xsbin";
export { xapiDirOf, xapiFiles, type XapiFiles } from "./xapi-files";
export { runTool } from "../tools/run-tool";
export type { ToolResult } from "../tools/tool-result";
