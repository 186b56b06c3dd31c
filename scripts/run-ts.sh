#!/usr/bin/env bash
# Runs one of the repository's TypeScript scripts (the demo, the benchmark)
# with the pinned Node.js and Pulumi CLI, after building the package and
# linking it into its own node_modules: the example program imports it by
# name, as a user's program does.
# Usage: bash scripts/run-ts.sh scripts/demo.ts [args…]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=env.sh
. "$root/scripts/env.sh"
cd "$root"
if ! command -v pulumi >/dev/null 2>&1 || [ ! -d node_modules ]; then
  echo "$1: the Pulumi CLI or the npm dependencies are missing; run 'bash scripts/setup.sh' first" >&2
  exit 1
fi
npx tsc -p tsconfig.build.json
ln -sfn .. node_modules/pulumi-xenserver-pci
exec node -r ts-node/register/transpile-only "$@"
