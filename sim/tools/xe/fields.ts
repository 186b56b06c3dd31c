/**
 * Record fields as xe's CLI server describes objects: a name, an access
 * annotation, a getter, and for writable fields a setter or map operations.
 */

/** `( RO)`, `( RW)`, `(MRO)`, `(MRW)`, `(SRO)`, `(SRW)` without the parentheses. */
export type FieldAccess = " RO" | " RW" | "MRO" | "MRW" | "SRO" | "SRW";

/** One field of an object's CLI record. */
export interface Field {
  name: string;
  access: FieldAccess;
  /** The value as xe prints it. */
  get: () => string;
  set?: (value: string) => void;
  /** For map fields. */
  map?: MapOps;
  /** `vm-param-clear`; absent when the field cannot be cleared. */
  clear?: () => void;
}

/** Operations on a map field, in xapi's semantics. */
export interface MapOps {
  get: () => Record<string, string>;
  /** Adds or replaces a key; xapi removes then adds, so the key moves to the front. */
  setKey: (key: string, value: string) => void;
  /** False when the key was absent. */
  removeKey: (key: string) => boolean;
}

/** Map operations over a record property that is replaced on every change. */
export function mapOps(get: () => Record<string, string>, replace: (map: Record<string, string>) => void): MapOps {
  return {
    get,
    setKey: (key, value) => {
      const rest = Object.fromEntries(Object.entries(get()).filter(([k]) => k !== key));
      replace({ [key]: value, ...rest });
    },
    removeKey: (key) => {
      const current = get();
      if (!(key in current)) return false;
      replace(Object.fromEntries(Object.entries(current).filter(([k]) => k !== key)));
      return true;
    },
  };
}

/** A map field: printed as `k1: v1; k2: v2`, cleared to empty. */
export function mapField(name: string, access: "MRO" | "MRW", ops: MapOps): Field {
  return { name, access, get: () => formatMap(ops.get()), map: ops, clear: () => { for (const key of Object.keys(ops.get())) ops.removeKey(key); } };
}

/**
 * A read-only map field (`MRO`): printed as a map and readable by key. The
 * write operations are never reached: xe refuses to set or remove keys of a
 * field that is not `MRW` before calling them.
 */
export function roMapField(name: string, get: () => Record<string, string>): Field {
  return { name, access: "MRO", get: () => formatMap(get()), map: { get, setKey: () => undefined, removeKey: () => false } };
}

/** A map as xe prints it: `k1: v1; k2: v2`. */
export function formatMap(map: Readonly<Record<string, string>>): string {
  return Object.entries(map)
    .map(([k, v]) => `${k}: ${v}`)
    .join("; ");
}

/** What xe prints for a null reference. */
export const NOT_IN_DATABASE = "<not in database>";

/** A read-only string field. */
export function roField(name: string, get: () => string): Field {
  return { name, access: " RO", get };
}
