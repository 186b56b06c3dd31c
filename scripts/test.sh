#!/usr/bin/env bash
# npm test: lint, typecheck, the SDKs' check (scripts/gen-sdk.sh --check), then
# jest (unit, simulator, integration, e2e and reliability suites), with the
# pinned Node.js and Pulumi CLI of scripts/env.sh whatever the caller's PATH
# holds. Extra arguments go to jest.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=env.sh
. "$root/scripts/env.sh"
cd "$root"
if ! command -v pulumi >/dev/null 2>&1 || [ "$(node -p 'process.versions.node')" != "$NODE_VERSION" ] || [ ! -d node_modules ]; then
  echo "npm test: Node.js $NODE_VERSION, the Pulumi CLI or the npm dependencies are missing; run 'bash scripts/setup.sh' first" >&2
  exit 1
fi
npm run --silent lint
npm run --silent typecheck
# The committed SDKs are what schema.json generates; the Python SDK
# byte-compiles and the Node.js SDK type-checks.
bash "$root/scripts/gen-sdk.sh" --check
exec npx jest "$@"
