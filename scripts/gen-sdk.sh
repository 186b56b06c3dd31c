#!/usr/bin/env bash
# Generates the SDKs of the provider plugin from schema.json into sdk/nodejs,
# sdk/python, sdk/go and sdk/dotnet, with tools/gen-sdk (pkg/v3's code
# generators at the CLI's version, and pulumi-dotnet's). The generator is built
# into the tools cache, never into the repository.
#
#   scripts/gen-sdk.sh            regenerate sdk/
#   scripts/gen-sdk.sh --check    regenerate into a temporary directory and
#                                 fail, showing the difference, when the
#                                 committed sdk/ differs; then byte-compile the
#                                 Python SDK and type-check the Node.js SDK
#
# Options: --schema FILE (default schema.json), --out DIR (default sdk).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/versions.env
. "$root/scripts/versions.env"

step() { printf '==> gen-sdk: %s\n' "$*"; }
die() {
  printf 'gen-sdk: ERROR: %s\n' "$*" >&2
  exit 1
}
# shellcheck source=scripts/go-tools.sh
. "$root/scripts/go-tools.sh"

check=0
schema="$root/schema.json"
out="$root/sdk"
while [ $# -gt 0 ]; do
  case "$1" in
    --check) check=1 ;;
    --schema) schema="$(realpath "$2")"; shift ;;
    --out) out="$(realpath -m "$2")"; shift ;;
    *) die "unknown argument $1 (usage: scripts/gen-sdk.sh [--check] [--schema FILE] [--out DIR])" ;;
  esac
  shift
done
[ -f "$schema" ] || die "no schema at $schema"

src="$root/tools/gen-sdk"
tooldir="$TOOLS_CACHE/gen-sdk"
tool="$tooldir/gen-sdk"
# The generator is rebuilt when its sources or Go change.
go_setup
want="$(cat "$src/go.mod" "$src/go.sum" "$src"/*.go | sha256sum | cut -d' ' -f1) $gov"
if [ ! -x "$tool" ] || [ "$(cat "$tooldir/.built" 2>/dev/null)" != "$want" ]; then
  step "Building tools/gen-sdk with $gov (the first build takes minutes, later ones seconds)"
  mkdir -p "$tooldir"
  t0=$SECONDS
  # -mod=readonly: built from the committed go.mod and go.sum, never changing them.
  (cd "$src" && "$go" build -mod=readonly -trimpath -o "$tool.new" .) || die "'go build' of tools/gen-sdk failed"
  mv -f "$tool.new" "$tool"
  printf '%s\n' "$want" >"$tooldir/.built"
  step "Built $tool in $((SECONDS - t0)) s"
fi
# Pulumi's default package logo for the .NET SDK, from the pulumi-dotnet
# module's own test data (the generator would download it otherwise).
dotnet_dir="$(cd "$src" && "$go" list -mod=readonly -m -f '{{.Dir}}' github.com/pulumi/pulumi-dotnet/pulumi-language-dotnet/v3)"
logo="$dotnet_dir/codegen/testdata/simple-resource-schema/logo.png"
[ -f "$logo" ] || die "no logo at $logo"

if [ "$check" = 0 ]; then
  "$tool" -schema "$schema" -out "$out" -logo "$logo"
  exit 0
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
"$tool" -schema "$schema" -out "$tmp/sdk" -logo "$logo" >/dev/null
# What building or installing an SDK leaves beside its sources (ignored by the
# SDKs' own .gitignore files) is not compared.
if ! diff -ru -x node_modules -x bin -x obj -x __pycache__ -x '*.egg-info' "$out" "$tmp/sdk" >"$tmp/diff"; then
  cat "$tmp/diff" >&2
  die "$out differs from what $schema generates (above, - committed, + generated): run scripts/gen-sdk.sh and commit sdk/"
fi
step "sdk/ is what schema.json generates"

# Python: byte-compile every module (Python's pulumi package cannot be installed here, so this is all that runs).
python3 -m compileall -q "$tmp/sdk/python" >"$tmp/py.log" 2>&1 || {
  cat "$tmp/py.log" >&2
  die "the Python SDK does not byte-compile"
}
step "the Python SDK byte-compiles ($(find "$tmp/sdk/python" -name '*.py' | wc -l) modules, $(python3 --version))"

# Node.js: type-check the generated TypeScript against the repository's
# @pulumi/pulumi (found up the tree from sdk/nodejs).
if [ -x "$root/node_modules/.bin/tsc" ]; then
  "$root/node_modules/.bin/tsc" --noEmit -p "$out/nodejs/tsconfig.json" || die "the Node.js SDK does not type-check"
  step "the Node.js SDK type-checks"
else
  step "no node_modules/.bin/tsc (run scripts/setup.sh): the Node.js SDK was not type-checked"
fi
