#!/usr/bin/env bash
# Installs the Pulumi CLI $PULUMI_VERSION (scripts/versions.env) with its
# Node.js language host into "$TOOLS_CACHE/pulumi-v$PULUMI_VERSION/bin":
#   pulumi                         the CLI
#   pulumi-language-nodejs         the Node.js language host
#   pulumi-resource-pulumi-nodejs  the dynamic-provider plugin (a shell script)
#
# First tries the official installer (get.pulumi.com). Where that cannot be
# reached (our machines and CI reach only the npm registry, Debian's packages
# and the Go module proxy), builds from source with Go instead:
#   * the CLI from github.com/pulumi/pulumi/pkg/v3 at $PULUMI_VERSION, in a
#     small wrapper module;
#   * the Node.js language host from github.com/pulumi/pulumi/sdk/v3 at
#     $LANGHOST_SDK_VERSION, in a second wrapper module. Since 2023 the host is
#     its own module (sdk/nodejs/cmd/pulumi-language-nodejs/v3), which the Go
#     module proxy does not serve; v3.68.0 is the newest served sdk/v3 that
#     still contains nodejs/cmd/pulumi-language-nodejs. It speaks the same
#     language-host gRPC protocol and runs the program through
#     @pulumi/pulumi/cmd/run of the project's own node_modules, so programs
#     use the @pulumi/pulumi version of the project's package.json.
#
# Idempotent: does nothing when the bin dir already holds a working install of
# this recipe. A cold Go build takes about 6 minutes on 2 cores (module
# downloads included); Go's caches make a rebuild much faster.
#
# Environment:
#   PULUMI_INSTALL_FORCE=1        reinstall even if already installed
#   PULUMI_INSTALL_SKIP_OFFICIAL=1  go straight to the Go build
#   GO                            the go command (default: go on PATH, else
#                                 /usr/local/go/bin/go)
#   GOPATH, GOMODCACHE, GOCACHE   Go's defaults (~/go, ~/.cache/go-build)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/versions.env
. "$root/scripts/versions.env"

: "${PULUMI_VERSION:?PULUMI_VERSION is not set in scripts/versions.env}"
: "${TOOLS_CACHE:?TOOLS_CACHE is not set in scripts/versions.env}"

# sdk/v3 version whose nodejs/cmd/pulumi-language-nodejs is built (see above).
: "${LANGHOST_SDK_VERSION:?LANGHOST_SDK_VERSION is not set in scripts/versions.env}"
# find_go, go_setup, go_build_module and CLIPBOARD_REPLACE (pkg/v3's replace
# of github.com/atotto/clipboard, which the wrapper module must repeat).
# shellcheck source=scripts/go-tools.sh
. "$root/scripts/go-tools.sh"

dest="$TOOLS_CACHE/pulumi-v$PULUMI_VERSION"
bin="$dest/bin"
stamp="$dest/.installed"
recipe="pulumi v$PULUMI_VERSION; language host: official or sdk/v3 v$LANGHOST_SDK_VERSION; dynamic-provider wrapper v1"

step() { printf '==> install-pulumi: %s\n' "$*"; }
die() {
  printf 'install-pulumi: ERROR: %s\n' "$*" >&2
  exit 1
}
staging=
on_exit() {
  local rc=$?
  [ "$rc" -eq 0 ] && return
  [ -z "$staging" ] || rm -rf "$staging"
  printf 'install-pulumi: FAILED (exit %s): Pulumi CLI v%s was NOT (re)installed in %s (see the messages above)\n' \
    "$rc" "$PULUMI_VERSION" "$bin" >&2
}
trap on_exit EXIT

# Does directory $1 hold a working pulumi v$PULUMI_VERSION plus language host?
works() {
  local d="$1" v
  [ -x "$d/pulumi" ] && [ -x "$d/pulumi-language-nodejs" ] &&
    [ -x "$d/pulumi-resource-pulumi-nodejs" ] || return 1
  v="$(PULUMI_SKIP_UPDATE_CHECK=true "$d/pulumi" version 2>/dev/null)" || return 1
  [ "$v" = "v$PULUMI_VERSION" ]
}

if [ "${PULUMI_INSTALL_FORCE:-0}" != 1 ] && works "$bin" &&
  [ "$(cat "$stamp" 2>/dev/null)" = "$recipe" ]; then
  step "Pulumi CLI v$PULUMI_VERSION already installed in $bin: nothing to do"
  exit 0
fi

mkdir -p "$dest" "$TOOLS_CACHE/build"
staging="$dest/bin.new"
rm -rf "$staging"
mkdir -p "$staging"

# The dynamic-provider plugin. The official one (at the root of the
# @pulumi/pulumi npm package) resolves @pulumi/pulumi/cmd/dynamic-provider
# from the current directory: the engine starts plugins in the program's
# directory, so this works for any project that has @pulumi/pulumi installed.
write_dynamic_provider_wrapper() {
  cat >"$1/pulumi-resource-pulumi-nodejs" <<'EOF'
#!/bin/sh
# Pulumi's dynamic-provider plugin for Node.js programs (written by
# scripts/install-pulumi.sh). Runs @pulumi/pulumi/cmd/dynamic-provider from the
# node_modules of the current directory, which is the program's directory when
# the Pulumi engine starts this plugin.
script=$(node -e "process.stdout.write(require.resolve('@pulumi/pulumi/cmd/dynamic-provider', { paths: [process.cwd()] }))") || script=
if [ -z "$script" ]; then
  echo "pulumi-resource-pulumi-nodejs: cannot resolve @pulumi/pulumi/cmd/dynamic-provider from $(pwd) (is node on PATH and @pulumi/pulumi installed in the project?)" >&2
  exit 1
fi
exec node "$script" "$@"
EOF
  chmod 755 "$1/pulumi-resource-pulumi-nodejs"
}

install_official() {
  local tmp
  tmp="$(mktemp -d)"
  step "Trying the official installer (https://get.pulumi.com, 15 s time-out)"
  if ! curl -fsSL --max-time 15 https://get.pulumi.com -o "$tmp/install.sh"; then
    step "Official installer unreachable"
    rm -rf "$tmp"
    return 1
  fi
  if ! timeout 300 sh "$tmp/install.sh" --version "$PULUMI_VERSION" \
    --install-root "$tmp/root" --no-edit-path; then
    step "Official installer failed"
    rm -rf "$tmp"
    return 1
  fi
  cp -a "$tmp/root/bin/." "$staging/"
  step "Official installer succeeded"
  rm -rf "$tmp"
  # The release ships its own dynamic-provider script; keep it if present.
  [ -x "$staging/pulumi-resource-pulumi-nodejs" ] || write_dynamic_provider_wrapper "$staging"
  works "$staging" || {
    step "Official install does not work (pulumi version is not v$PULUMI_VERSION or files missing)"
    return 1
  }
}

install_from_source() {
  go_setup
  step "Building Pulumi v$PULUMI_VERSION from source with $go ($gov, GOTOOLCHAIN=$GOTOOLCHAIN, GOMODCACHE=$("$go" env GOMODCACHE))"
  step "This takes about 6 minutes on 2 cores when Go's caches are cold"

  local vpkg=github.com/pulumi/pulumi/sdk/v3/go/common/version.Version
  go_build_module "$TOOLS_CACHE/build/pulumi-cli-v$PULUMI_VERSION" pulumi-cli-build \
    "replace $CLIPBOARD_REPLACE

require (
	github.com/pulumi/pulumi/pkg/v3 v$PULUMI_VERSION
	github.com/pulumi/pulumi/sdk/v3 v$PULUMI_VERSION
)" \
    github.com/pulumi/pulumi/pkg/v3/cmd/pulumi "$staging/pulumi" "-s -w -X $vpkg=v$PULUMI_VERSION"

  go_build_module "$TOOLS_CACHE/build/pulumi-language-nodejs-sdk-v$LANGHOST_SDK_VERSION" pulumi-language-nodejs-build \
    "require github.com/pulumi/pulumi/sdk/v3 v$LANGHOST_SDK_VERSION" \
    github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs "$staging/pulumi-language-nodejs" \
    "-s -w -X $vpkg=v$LANGHOST_SDK_VERSION"

  write_dynamic_provider_wrapper "$staging"
  works "$staging" || die "the built pulumi does not report v$PULUMI_VERSION ('$staging/pulumi version' says: $("$staging/pulumi" version 2>&1 || true))"
}

if [ "${PULUMI_INSTALL_SKIP_OFFICIAL:-0}" = 1 ] || ! install_official; then
  step "Falling back to a Go build"
  rm -rf "$staging"
  mkdir -p "$staging"
  install_from_source
fi

rm -rf "$bin"
mv "$staging" "$bin"
printf '%s\n' "$recipe" >"$stamp"
step "Installed Pulumi CLI $("$bin/pulumi" version) in $bin:"
ls -l "$bin"
