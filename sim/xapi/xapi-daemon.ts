/**
 * Process entry of the simulated xapi of one host or pool:
 * `node xapi-daemon.js <xapi dir>`. The SSH side starts it inside the
 * (master's) sshd mount namespace, so stopping the host ends it too; thin
 * `xe` clients find it by its pid file and this file's name.
 */
import { serve } from "./serve";

const [xapiDir] = process.argv.slice(2);
if (xapiDir === undefined || xapiDir === "") {
  process.stderr.write("usage: xapi-daemon.js <xapi dir>\n");
  process.exitCode = 2;
} else {
  serve(xapiDir);
}
