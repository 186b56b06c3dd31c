# Sourced (not run) by the scripts that build Go programs from the Go module
# proxy: scripts/install-pulumi.sh, scripts/install-language-hosts.sh and
# scripts/gen-sdk.sh. Defines:
#   find_go            prints the go command (GO, else go on PATH, else /usr/local/go/bin/go)
#   go_setup           sets $go, GOTOOLCHAIN=local and GOFLAGS, and checks Go >= $GO_MIN
#   go_build_module    writes a wrapper module and builds one main package from it
# The caller defines step() and die() and may set GO_MIN before go_setup.
# shellcheck shell=bash

# pkg/v3's own go.mod replaces github.com/atotto/clipboard (replace directives
# of dependencies are ignored by Go, so every module that requires pkg/v3 must
# repeat it).
# shellcheck disable=SC2034
CLIPBOARD_REPLACE='github.com/atotto/clipboard => github.com/tgummerer/clipboard v0.0.0-20241001131231-d02d263e614e'
# Minimum Go release for pkg/v3 v3.259.0 (its go.mod says go 1.25.11).
GO_MIN="${GO_MIN:-1.25}"

find_go() {
  if [ -n "${GO:-}" ]; then
    command -v "$GO" || die "GO=$GO is not an executable"
  elif command -v go >/dev/null 2>&1; then
    command -v go
  elif [ -x /usr/local/go/bin/go ]; then
    echo /usr/local/go/bin/go
  else
    die "Go is needed to build Pulumi's tools from source but was found neither on PATH nor at /usr/local/go/bin/go"
  fi
}

go_setup() {
  go="$(find_go)"
  export GOTOOLCHAIN="${GOTOOLCHAIN:-local}"
  export GOFLAGS="-mod=mod -buildvcs=false"
  gov="$("$go" env GOVERSION)" || die "cannot run $go"
  # go1.X[.Y] must be at least $GO_MIN.
  if ! printf '%s\n%s\n' "go$GO_MIN" "$gov" | sort -C -V; then
    die "Go $gov is too old: go$GO_MIN or newer is needed"
  fi
}

# go_build_module DIR MODULE-NAME GO-MOD-BODY MAIN-PACKAGE OUTPUT LDFLAGS
# Writes DIR/go.mod (module MODULE-NAME, GO-MOD-BODY) and a blank import of
# MAIN-PACKAGE, resolves the modules ('go mod tidy') and builds MAIN-PACKAGE
# into OUTPUT.
go_build_module() {
  local dir="$1" name="$2" body="$3" pkg="$4" out="$5" ldflags="$6" t0
  mkdir -p "$dir"
  printf 'module %s\n\ngo %s\n\n%s\n' "$name" "$GO_MIN" "$body" >"$dir/go.mod"
  # A blank import so that 'go mod tidy' keeps all the main package's deps.
  printf '//go:build tools\n\npackage tools\n\nimport _ "%s"\n' "$pkg" >"$dir/tools.go"
  rm -f "$dir/go.sum"
  step "Resolving Go modules for $pkg (in $dir)"
  t0=$SECONDS
  (cd "$dir" && "$go" mod tidy) || die "'go mod tidy' failed in $dir (is the Go module proxy reachable? GOPROXY=$("$go" env GOPROXY))"
  step "Building $pkg -> $out"
  (cd "$dir" && "$go" build -trimpath -o "$out" -ldflags "$ldflags" "$pkg") ||
    die "'go build $pkg' failed in $dir"
  step "Built $(basename "$out") in $((SECONDS - t0)) s"
}
