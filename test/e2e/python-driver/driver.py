"""Runs the Python example (examples/python/__main__.py, with the SDK of
sdk/python) on one stack through the Automation API's inline mode, for
test/e2e/python-program.test.ts: the program runs in this process, and every
step is a run of the real `pulumi` CLI (found on PATH) against this process's
language runtime server, so no Python language host is needed.

    python3 driver.py up|preview|refresh|destroy|bad-preview

Prints one JSON object {"outputs": {...} (up only), "stdout", "stderr",
"error" (a failed step)} and exits 1 when the step fails. preview runs with
--expect-no-changes; bad-preview previews the example with the gaming VM's
devices set to ["07:00"].

Environment: XSPCI_WORK_DIR (the workspace: Pulumi.yaml and stack config),
XSPCI_STACK, XSPCI_PLUGIN_DIR (the folder holding
pulumi-resource-xenserver-pci), XSPCI_HOST, XSPCI_PORT, XSPCI_HOST_KEY,
XSPCI_SSH_KEY_FILE; and the CLI's own (PULUMI_BACKEND_URL,
PULUMI_CONFIG_PASSPHRASE, PULUMI_HOME).
"""
import json
import os
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
EXAMPLE = os.path.join(ROOT, "examples", "python", "__main__.py")
sys.path.insert(0, os.path.join(ROOT, "sdk", "python"))

from pulumi import automation as auto  # noqa: E402

PROJECT = "xenserver-pci-python"
GOOD_DEVICES = 'devices=["07:00.0", "07:00.1"]'
BAD_DEVICES = 'devices=["07:00"]'


def example_program(bad: bool):
    with open(EXAMPLE, encoding="utf-8") as f:
        text = f.read()
    if bad:
        if text.count(GOOD_DEVICES) != 1:
            raise RuntimeError(f"expected {GOOD_DEVICES} once in {EXAMPLE}")
        text = text.replace(GOOD_DEVICES, BAD_DEVICES)
    code = compile(text, EXAMPLE, "exec")

    def program():
        exec(code, {"__name__": "__main__", "__file__": EXAMPLE})

    return program


def stack(bad: bool) -> auto.Stack:
    work_dir = os.environ["XSPCI_WORK_DIR"]
    s = auto.create_or_select_stack(
        stack_name=os.environ["XSPCI_STACK"],
        project_name=PROJECT,
        program=example_program(bad),
        opts=auto.LocalWorkspaceOptions(
            work_dir=work_dir,
            project_settings=auto.ProjectSettings(name=PROJECT, runtime="python"),
        ),
    )
    # Python's ProjectSettings has no plugins section: add it to the file the CLI reads.
    with open(os.path.join(work_dir, "Pulumi.yaml"), "a", encoding="utf-8") as f:
        f.write(
            "plugins:\n  providers:\n    - name: xenserver-pci\n      path: "
            + json.dumps(os.environ["XSPCI_PLUGIN_DIR"])
            + "\n"
        )
    with open(os.environ["XSPCI_SSH_KEY_FILE"], encoding="utf-8") as f:
        key = f.read()
    s.set_all_config(
        {
            "host": auto.ConfigValue(os.environ["XSPCI_HOST"]),
            "port": auto.ConfigValue(os.environ["XSPCI_PORT"]),
            "hostKey": auto.ConfigValue(os.environ["XSPCI_HOST_KEY"]),
            "sshKey": auto.ConfigValue(key, secret=True),
        }
    )
    return s


def run(step: str) -> dict:
    s = stack(step == "bad-preview")
    if step == "up":
        res = s.up()
        return {
            "outputs": {name: out.value for name, out in res.outputs.items()},
            "stdout": res.stdout,
            "stderr": res.stderr,
        }
    if step == "preview":
        res = s.preview(expect_no_changes=True)
    elif step == "bad-preview":
        res = s.preview()
    elif step == "refresh":
        res = s.refresh()
    elif step == "destroy":
        res = s.destroy()
    else:
        raise ValueError(f"unknown step {step!r} (up, preview, refresh, destroy, bad-preview)")
    return {"stdout": res.stdout, "stderr": res.stderr}


def main() -> int:
    if len(sys.argv) != 2:
        print("usage: driver.py up|preview|refresh|destroy|bad-preview", file=sys.stderr)
        return 2
    try:
        result = run(sys.argv[1])
        code = 0
    except Exception as e:  # noqa: BLE001 - every failure is the step's result
        # A CommandError's text holds the CLI's exit code, stdout and stderr.
        result = {"stdout": "", "stderr": "", "error": f"{type(e).__name__}: {e}"}
        code = 1
    print(json.dumps(result))
    return code


if __name__ == "__main__":
    sys.exit(main())
