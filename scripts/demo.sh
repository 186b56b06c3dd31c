#!/usr/bin/env bash
# npm run demo: builds the package, links it into its own node_modules (the
# example program imports it by name, as a user's program does) and runs
# scripts/demo.ts with the pinned Node.js and Pulumi CLI.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=env.sh
. "$root/scripts/env.sh"
cd "$root"
if ! command -v pulumi >/dev/null 2>&1 || [ ! -d node_modules ]; then
  echo "demo: run 'bash scripts/setup.sh' first (Pulumi CLI or npm dependencies missing)" >&2
  exit 1
fi
npx tsc -p tsconfig.build.json
ln -sfn .. node_modules/pulumi-xenserver-pci
exec node -r ts-node/register/transpile-only scripts/demo.ts
