#!/usr/bin/env node
/**
 * `pulumi-resource-xenserver-pci`: the provider plugin of the package
 * `xenserver-pci`, for Pulumi programs in any language. The engine starts it
 * (from the plugin cache, `Pulumi.yaml`'s `plugins.providers`, or PATH) with
 * the engine's address; it prints the port of its gRPC server on stdout, and
 * nothing else ever goes to stdout: progress lines go to the engine's log.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { main } from "@pulumi/pulumi/provider";
import { packageInfo } from "../package-info";
import { setProgressSink } from "../providers/progress";
import { engineAddressOf, engineLog } from "./engine-log";
import { pluginProvider } from "./plugin-provider";
import { applySdkWorkarounds } from "./sdk-workarounds";

const args = process.argv.slice(2);
const log = engineLog(engineAddressOf(args));
// Before anything could print: stdout is the port's.
setProgressSink(log.sink);
const { root, version } = packageInfo(__dirname);
const provider = pluginProvider({
  version,
  schema: fs.readFileSync(path.join(root, "schema.json"), "utf8"),
  log,
  importSource: { env: process.env, readFile: (file) => fs.readFileSync(file, "utf8") },
});
applySdkWorkarounds();
void main(provider, args);
