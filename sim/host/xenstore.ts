/**
 * The simulated xenstore: a flat map from full path to value where every
 * directory node is present too, as in the real store.
 */

/** Nodes every dom0 has. */
export const BASE_XENSTORE: Readonly<Record<string, string>> = {
  "/local": "",
  "/local/domain": "",
  "/local/domain/0": "",
  "/local/domain/0/name": "Domain-0",
  "/local/domain/0/domid": "0",
  "/local/domain/0/backend": "",
};

function parentsOf(path: string): string[] {
  const parts = path.split("/").filter((p) => p !== "");
  return parts.slice(0, -1).map((_, i) => `/${parts.slice(0, i + 1).join("/")}`);
}

/** Writes `value` at `path`, creating missing parent directories with empty values. */
export function xenstoreWrite(store: Record<string, string>, path: string, value: string): void {
  for (const parent of parentsOf(path)) store[parent] ??= "";
  store[path] = value;
}

/** Removes `path` and everything below it. */
export function xenstoreRemove(store: Record<string, string>, path: string): void {
  for (const key of Object.keys(store)) if (key === path || key.startsWith(`${path}/`)) Reflect.deleteProperty(store, key);
}

/** Names of the direct children of `path`, sorted as oxenstored lists them. */
export function xenstoreChildren(store: Readonly<Record<string, string>>, path: string): string[] {
  const prefix = path === "/" ? "/" : `${path}/`;
  return Object.keys(store)
    .filter((key) => key.startsWith(prefix) && !key.slice(prefix.length).includes("/") && key.length > prefix.length)
    .map((key) => key.slice(prefix.length))
    .sort();
}

/** Path of the PCI backend directory of domain `domId`. */
export function pciBackendPath(domId: number): string {
  return `/local/domain/0/backend/pci/${domId}`;
}
