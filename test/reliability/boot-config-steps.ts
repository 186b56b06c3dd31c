/**
 * The steps of a boot configuration edit for each hide method, as points where
 * a run can be cut, and which content each cut must leave. Occurrences count
 * the invocations of a tool during one `HiddenPciDevice` create or delete
 * (the same for both: their reads before the edit run the same tools).
 */
import type { Profile } from "../../sim";
import { XEN_CMDLINE_PATH } from "../../provider/host/boot-config/locked-scripts";
import type { FaultPoint } from "./tool-faults";

/** One step of an edit. */
export interface BootConfigStep {
  /** Completes "a cut when …". */
  readonly name: string;
  readonly at: FaultPoint;
  /** The content a cut here leaves: the one before the edit, or the one after. */
  readonly leaves: "old" | "new";
  /** Whether the step runs inside the locked commit script (a kill there reads as an interrupted commit). */
  readonly inCommit: boolean;
  /** Whether the run holds the host lock at the cut, so that the killed run leaves it behind. */
  readonly inLock: boolean;
  /** extlinux only: whether the backup of the old content is written by then. */
  readonly backupWritten?: boolean;
}

/** A hide method with the profile that resolves to it and its steps. */
export interface MethodSteps {
  readonly method: "extlinux" | "xen-cmdline" | "dom0-access";
  readonly profile: Profile;
  readonly steps: readonly BootConfigStep[];
}

const after = (tool: string, occurrence = 1): FaultPoint => ({ tool, occurrence, when: "after" });
const before = (tool: string, occurrence = 1): FaultPoint => ({ tool, occurrence, when: "before" });

/**
 * The extlinux commit script's steps (extlinux-script.ts). `cat` #1 and #2
 * read the inventory and the file before the script; #3 writes the temp file.
 * `md5sum` #1 checks the file, #2 the temp file, #3 re-reads the renamed file.
 */
const EXTLINUX: MethodSteps = {
  method: "extlinux",
  profile: "xs62",
  steps: [
    { name: "the lock is taken", at: after("mkdir"), leaves: "old", inLock: true, inCommit: true, backupWritten: false },
    { name: "the backup is written", at: after("cp"), leaves: "old", inLock: true, inCommit: true, backupWritten: true },
    { name: "the temp file is written", at: after("cat", 3), leaves: "old", inLock: true, inCommit: true, backupWritten: true },
    { name: "the temp file is synced", at: after("sync"), leaves: "old", inLock: true, inCommit: true, backupWritten: true },
    { name: "the temp file is renamed", at: after("mv"), leaves: "new", inLock: true, inCommit: true, backupWritten: true },
    { name: "the file is re-read", at: after("md5sum", 3), leaves: "new", inLock: true, inCommit: true, backupWritten: true },
    { name: "extlinux -i ran", at: after("extlinux"), leaves: "new", inLock: true, inCommit: true, backupWritten: true },
    { name: "the lock is released", at: after("rmdir"), leaves: "new", inLock: false, inCommit: true, backupWritten: true },
  ],
};

/**
 * The xen-cmdline commit script's steps (locked-scripts.ts). xen-cmdline #1 is
 * the read before the script; in it #2 checks the list, #3 sets or deletes it
 * (the tool's own temp file and rename happen inside that call).
 */
const XEN_CMDLINE: MethodSteps = {
  method: "xen-cmdline",
  profile: "xs82",
  steps: [
    { name: "the lock is taken", at: after("mkdir"), leaves: "old", inLock: true, inCommit: true },
    { name: "the list is checked", at: after(XEN_CMDLINE_PATH, 2), leaves: "old", inLock: true, inCommit: true },
    { name: "the set or delete starts", at: before(XEN_CMDLINE_PATH, 3), leaves: "old", inLock: true, inCommit: true },
    { name: "the set or delete is done", at: after(XEN_CMDLINE_PATH, 3), leaves: "new", inLock: true, inCommit: true },
    { name: "the lock is released", at: after("rmdir"), leaves: "new", inLock: false, inCommit: true },
  ],
};

/**
 * The dom0-access method's xe calls (dom0-access.ts): #1 finds the PCI
 * object, #2 reads its status, #3 changes it inside the locked script.
 */
const DOM0_ACCESS: MethodSteps = {
  method: "dom0-access",
  profile: "xcpng83",
  steps: [
    { name: "the PCI object is looked up", at: after("xe", 1), leaves: "old", inLock: false, inCommit: false },
    { name: "the status is read", at: after("xe", 2), leaves: "old", inLock: false, inCommit: false },
    { name: "the lock is taken", at: after("mkdir"), leaves: "old", inLock: true, inCommit: true },
    { name: "the dom0 access change starts", at: before("xe", 3), leaves: "old", inLock: true, inCommit: true },
    { name: "the dom0 access change is done", at: after("xe", 3), leaves: "new", inLock: true, inCommit: true },
    { name: "the lock is released", at: after("rmdir"), leaves: "new", inLock: false, inCommit: true },
  ],
};

/** Every method with its steps. */
export const METHOD_STEPS: readonly MethodSteps[] = [EXTLINUX, XEN_CMDLINE, DOM0_ACCESS];
