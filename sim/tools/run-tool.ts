/** Dispatches a tool name to its simulated implementation. */
import { readHostConfig } from "../host/host-config";
import { readHostState } from "../host/state-store";
import { runExtlinux } from "./extlinux";
import { runLspci } from "./lspci/lspci";
import { fail, type ToolResult } from "./tool-result";
import { runUname } from "./uname";
import { runXe } from "./xe/xe";
import { runXenCmdline } from "./xen-cmdline/run-xen-cmdline";
import { runXenstoreLs, runXenstoreRead } from "./xenstore-tools";

/**
 * Runs simulated `tool` (xe, xen-cmdline, extlinux, xenstore-ls,
 * xenstore-read, uname, lspci) against the host in `dir`. None of them reads stdin;
 * the parameter exists so callers need not care which would.
 */
export function runTool(dir: string, tool: string, argv: string[], _stdin?: string): ToolResult {
  switch (tool) {
    case "xe":
      return runXe(dir, argv);
    case "xen-cmdline":
      return runXenCmdline(dir, readHostConfig(dir).profile, argv);
    case "extlinux":
      return runExtlinux(dir, argv);
    case "lspci":
      return runLspci(dir, argv);
    case "xenstore-ls":
      return runXenstoreLs(dir, argv);
    case "xenstore-read":
      return runXenstoreRead(dir, argv);
    case "uname": {
      const state = readHostState(dir);
      return runUname(state.profile, state.hostName, argv);
    }
    default:
      return fail(`sh: ${tool}: command not found\n`, 127);
  }
}
