/** `/etc/xensource-inventory`: shell-quoted `KEY='value'` lines. */
import { PROFILE_FACTS } from "./profiles";
import type { Profile } from "./types";

/** Identifiers the inventory file carries besides the profile's product strings. */
export interface InventoryIds {
  hostUuid: string;
  dom0Uuid: string;
}

/** Renders the inventory file of a `profile` host. */
export function renderXensourceInventory(profile: Profile, ids: InventoryIds): string {
  const facts = PROFILE_FACTS[profile];
  const entries: [string, string][] = [
    ["PRIMARY_DISK", "/dev/disk/by-id/ata-ST1000DM003-1CH162_Z1D5K8QX"],
    ["PRODUCT_VERSION", facts.productVersion],
    ["KERNEL_VERSION", facts.kernelRelease],
    ["XEN_VERSION", facts.xenVersion],
    ["PRODUCT_BRAND", facts.brand],
    ["PRODUCT_NAME", "xenenterprise"],
    ["BUILD_NUMBER", facts.buildNumber],
    ["COMPANY_NAME_SHORT", facts.brand === "XCP-ng" ? "Open Source" : "Citrix"],
    ["PLATFORM_VERSION", facts.brand === "XCP-ng" ? "3.4.0" : profile === "xs62" ? "1.8.0" : "3.2.1"],
    ["INSTALLATION_DATE", "2014-01-11 18:02:37.208961"],
    ["DEFAULT_SR_PHYSDEVS", "/dev/sda3"],
    ["MANAGEMENT_INTERFACE", "xenbr0"],
    ["MANAGEMENT_ADDRESS_TYPE", "IPv4"],
    ["CONTROL_DOMAIN_UUID", ids.dom0Uuid],
    ["DOM0_MEM", profile === "xs62" ? "752" : "7584"],
    ["DOM0_VCPUS", profile === "xs62" ? "4" : "16"],
    ["INSTALLATION_UUID", ids.hostUuid],
    ["BACKEND_STORAGE", "lvm"],
  ];
  return entries.map(([key, value]) => `${key}='${value.replace(/'/g, "'\\''")}'\n`).join("");
}
