#!/usr/bin/env bash
# Installs the language hosts that programs in languages other than
# TypeScript need, beside the Pulumi CLI of scripts/install-pulumi.sh, in
# "$TOOLS_CACHE/pulumi-v$PULUMI_VERSION/bin":
#   pulumi-language-yaml   the YAML language host, built from the Go module
#                          github.com/pulumi/pulumi-yaml v$PULUMI_YAML_VERSION
#                          (scripts/versions.env), cmd/pulumi-language-yaml, in
#                          a wrapper module that pins pkg/v3 and sdk/v3 to
#                          v$PULUMI_VERSION, the CLI's own version.
#
# Go programs are run through the Automation API's inline mode (the test
# program hosts its own language runtime), not through pulumi-language-go: that
# host is its own module (github.com/pulumi/pulumi/sdk/go/pulumi-language-go/v3)
# without semver tags, and the Go module proxy does not serve it at the commit
# of v$PULUMI_VERSION. Python and .NET hosts are not built: their runtimes'
# Pulumi SDKs come from PyPI and NuGet, which our machines cannot reach.
#
# A release installed by the official installer already has
# pulumi-language-yaml; it is kept. Otherwise, idempotent: does nothing when
# the bin dir holds the host built by this recipe (stamp
# .installed-language-hosts). Run scripts/install-pulumi.sh first: it replaces
# the bin dir, and then this script builds the host again (quick when Go's
# caches are warm).
#
# Environment: LANGHOST_INSTALL_FORCE=1 rebuilds; GO, GOPATH, GOMODCACHE,
# GOCACHE as for scripts/install-pulumi.sh.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/versions.env
. "$root/scripts/versions.env"
: "${PULUMI_VERSION:?PULUMI_VERSION is not set in scripts/versions.env}"
: "${PULUMI_YAML_VERSION:?PULUMI_YAML_VERSION is not set in scripts/versions.env}"
: "${TOOLS_CACHE:?TOOLS_CACHE is not set in scripts/versions.env}"

step() { printf '==> install-language-hosts: %s\n' "$*"; }
die() {
  printf 'install-language-hosts: ERROR: %s\n' "$*" >&2
  exit 1
}
# shellcheck source=scripts/go-tools.sh
. "$root/scripts/go-tools.sh"

dest="$TOOLS_CACHE/pulumi-v$PULUMI_VERSION"
bin="$dest/bin"
stamp="$dest/.installed-language-hosts"
recipe="pulumi-language-yaml: github.com/pulumi/pulumi-yaml v$PULUMI_YAML_VERSION with pkg/v3 and sdk/v3 v$PULUMI_VERSION; recipe v1"
yaml_host="$bin/pulumi-language-yaml"

mkdir -p "$bin"

# Does $1 start as a language host? It prints the port of its gRPC server
# first, then serves until it is stopped.
yaml_starts() {
  local out pid rc=1 _
  out="$(mktemp)"
  "$1" >"$out" 2>/dev/null &
  pid=$!
  for _ in $(seq 100); do
    if grep -qE '^[0-9]+$' "$out"; then rc=0; break; fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  rm -f "$out"
  return "$rc"
}

if [ "${LANGHOST_INSTALL_FORCE:-0}" != 1 ] && [ -x "$yaml_host" ]; then
  if [ "$(cat "$stamp" 2>/dev/null)" = "$recipe" ] && yaml_starts "$yaml_host"; then
    step "pulumi-language-yaml v$PULUMI_YAML_VERSION already installed in $bin: nothing to do"
    exit 0
  fi
  # The official release ships the host; this script has never built one here.
  if [ ! -e "$stamp" ] && yaml_starts "$yaml_host"; then
    step "pulumi-language-yaml came with the Pulumi release in $bin: kept"
    exit 0
  fi
fi

go_setup
step "Building pulumi-language-yaml v$PULUMI_YAML_VERSION from source with $go ($gov, GOMODCACHE=$("$go" env GOMODCACHE))"
mkdir -p "$TOOLS_CACHE/build"
out="$bin/.pulumi-language-yaml.new"
rm -f "$out"
t0=$SECONDS
go_build_module "$TOOLS_CACHE/build/pulumi-language-yaml-v$PULUMI_YAML_VERSION" pulumi-language-yaml-build \
  "replace $CLIPBOARD_REPLACE

require (
	github.com/pulumi/pulumi-yaml v$PULUMI_YAML_VERSION
	github.com/pulumi/pulumi/pkg/v3 v$PULUMI_VERSION
	github.com/pulumi/pulumi/sdk/v3 v$PULUMI_VERSION
)" \
  github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml "$out" \
  "-s -w -X github.com/pulumi/pulumi-yaml/pkg/version.Version=v$PULUMI_YAML_VERSION"
yaml_starts "$out" || die "the built pulumi-language-yaml does not start (it prints no port)"
# The wrapper module must really have built against the CLI's pkg/v3.
pkgv="$(cd "$TOOLS_CACHE/build/pulumi-language-yaml-v$PULUMI_YAML_VERSION" && "$go" list -m -f '{{.Version}}' github.com/pulumi/pulumi/pkg/v3)"
[ "$pkgv" = "v$PULUMI_VERSION" ] || die "pulumi-yaml v$PULUMI_YAML_VERSION resolved pkg/v3 $pkgv, not v$PULUMI_VERSION"
mv -f "$out" "$yaml_host"
printf '%s\n' "$recipe" >"$stamp"
step "Installed pulumi-language-yaml v$PULUMI_YAML_VERSION (pkg/v3 $pkgv) in $bin in $((SECONDS - t0)) s"
