#!/usr/bin/env bash
# Provide a Pulumi CLI v3.276.0 with the Node.js language host, without the internet.
#
# Prints, as the last line on stdout, a directory that holds
#   pulumi, pulumi-language-nodejs, pulumi-resource-pulumi-nodejs
# so callers can do:   export PATH="$(scripts/pulumi-cli.sh):$PATH"
#
# Order of preference:
#   1. a `pulumi` on PATH that reports v3.276.0 (with pulumi-language-nodejs beside it or on PATH);
#   2. ~/.pulumi/versions/{3.276.0,v3.276.0}/bin;
#   3. the build cache ~/.cache/pocket-id-appwrite/pulumi-v3.276.0/ (only if its stamp exists);
#   4. otherwise build both binaries from source with Go (modules from the Go module proxy),
#      into a temp dir that is renamed into the cache, stamp included, in one step.
# The CLI is upstream's cmd/pulumi at v3.276.0 (module scripts/pulumi-cli). pulumi-language-nodejs is
# upstream's too, but an older one: since sdk v3.69.0 it lives in its own module
# (github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3), which the Go module proxy refuses,
# so module scripts/pulumi-language-nodejs builds it from github.com/pulumi/pulumi/sdk/v3@v3.68.0, the
# newest sdk release that still contains nodejs/cmd/pulumi-language-nodejs. The v3.276.0 engine talks to
# it through the older RPCs (GetRequiredPlugins, not GetRequiredPackages; no Handshake), and it takes
# runtime options only as command-line flags, which this engine no longer passes: Pulumi.yaml's
# runtime.options (typescript, tsconfig, nodeargs) are ignored and TypeScript is always on.
# pulumi-resource-pulumi-nodejs is a shell script shipped in the @pulumi/pulumi npm package;
# it is copied from <repo>/node_modules, so `npm ci` must have run first.
#
# Progress goes to stderr. Env knobs: PULUMI_CLI_FORCE_BUILD=1 skips steps 1-3 (still uses the
# cache dir as destination); GOFLAGS/GOPATH/GOCACHE/GOMODCACHE are respected as usual.
set -euo pipefail

PULUMI_VERSION=3.276.0
REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CLI_MODULE_DIR=$REPO_ROOT/scripts/pulumi-cli
HOST_MODULE_DIR=$REPO_ROOT/scripts/pulumi-language-nodejs
HOST_PACKAGE=github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs
CACHE_ROOT=${HOME}/.cache/pocket-id-appwrite
CACHE_DIR=$CACHE_ROOT/pulumi-v$PULUMI_VERSION
LINK_DIR=$CACHE_ROOT/pulumi-v$PULUMI_VERSION-links
STAMP_NAME=.build-complete
PROVIDER_NAME=pulumi-resource-pulumi-nodejs
PROVIDER_SRC=$REPO_ROOT/node_modules/@pulumi/pulumi/$PROVIDER_NAME

log() { printf 'pulumi-cli.sh: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

if [[ ! -f $PROVIDER_SRC ]]; then
  die "$PROVIDER_SRC not found: node_modules is not installed yet. Run 'npm ci' in $REPO_ROOT first."
fi

# Reports the version a pulumi binary prints, or nothing.
pulumi_version_of() {
  PULUMI_SKIP_UPDATE_CHECK=true "$1" version 2>/dev/null | tr -d '[:space:]' || true
}

# Copy the npm-shipped dynamic provider script into $1 if missing or different.
install_provider() {
  local dir=$1
  if ! cmp -s "$PROVIDER_SRC" "$dir/$PROVIDER_NAME"; then
    cp "$PROVIDER_SRC" "$dir/$PROVIDER_NAME.tmp.$$"
    chmod 0755 "$dir/$PROVIDER_NAME.tmp.$$"
    mv -f "$dir/$PROVIDER_NAME.tmp.$$" "$dir/$PROVIDER_NAME"
  fi
}

# $1 = pulumi binary, $2 = pulumi-language-nodejs binary, both found outside our cache.
# Emits their directory if it already has everything; otherwise a cache dir of symlinks.
emit_existing() {
  local pulumi_bin=$1 lang_bin=$2 dir
  dir=$(dirname "$pulumi_bin")
  if [[ $(dirname "$lang_bin") == "$dir" && -x $dir/$PROVIDER_NAME ]]; then
    log "using Pulumi v$PULUMI_VERSION in $dir"
    printf '%s\n' "$dir"
    exit 0
  fi
  mkdir -p "$LINK_DIR"
  ln -sfn "$pulumi_bin" "$LINK_DIR/pulumi"
  ln -sfn "$lang_bin" "$LINK_DIR/pulumi-language-nodejs"
  install_provider "$LINK_DIR"
  log "using Pulumi v$PULUMI_VERSION from $dir (linked into $LINK_DIR)"
  printf '%s\n' "$LINK_DIR"
  exit 0
}

if [[ ${PULUMI_CLI_FORCE_BUILD:-} != 1 ]]; then
  # 1. pulumi on PATH
  if path_pulumi=$(command -v pulumi 2>/dev/null) && [[ $path_pulumi != "$CACHE_DIR/pulumi" ]]; then
    if [[ $(pulumi_version_of "$path_pulumi") == "v$PULUMI_VERSION" ]]; then
      lang=$(dirname "$path_pulumi")/pulumi-language-nodejs
      if [[ ! -x $lang ]]; then lang=$(command -v pulumi-language-nodejs 2>/dev/null || true); fi
      if [[ -n $lang && -x $lang ]]; then emit_existing "$path_pulumi" "$lang"; fi
      log "pulumi on PATH is v$PULUMI_VERSION but has no pulumi-language-nodejs; ignoring it"
    fi
  fi
  # 2. ~/.pulumi/versions
  for v in "$PULUMI_VERSION" "v$PULUMI_VERSION"; do
    d=$HOME/.pulumi/versions/$v/bin
    if [[ -x $d/pulumi && -x $d/pulumi-language-nodejs ]] \
      && [[ $(pulumi_version_of "$d/pulumi") == "v$PULUMI_VERSION" ]]; then
      emit_existing "$d/pulumi" "$d/pulumi-language-nodejs"
    fi
  done
fi

# The stamp records a hash of the build inputs, so editing either module rebuilds.
inputs_hash() {
  cat "$CLI_MODULE_DIR"/{go.mod,go.sum,tools.go} "$HOST_MODULE_DIR"/{go.mod,go.sum,tools.go} \
    | sha256sum | cut -d' ' -f1
}
cache_ok() {
  [[ -x $CACHE_DIR/pulumi && -x $CACHE_DIR/pulumi-language-nodejs && -f $CACHE_DIR/$STAMP_NAME ]] \
    && [[ $(head -n1 "$CACHE_DIR/$STAMP_NAME") == "$(inputs_hash)" ]]
}

# 3. our build cache
if [[ ${PULUMI_CLI_FORCE_BUILD:-} != 1 ]] && cache_ok; then
  install_provider "$CACHE_DIR"
  log "using cached build in $CACHE_DIR"
  printf '%s\n' "$CACHE_DIR"
  exit 0
fi

# 4. build
command -v go >/dev/null 2>&1 || die "no Pulumi v$PULUMI_VERSION found and 'go' is not on PATH to build one"
[[ -f $CLI_MODULE_DIR/go.mod ]] || die "missing $CLI_MODULE_DIR/go.mod"
[[ -f $HOST_MODULE_DIR/go.mod ]] || die "missing $HOST_MODULE_DIR/go.mod"
# The sdk version the host is built from, as required in its go.mod (also stamped into the binary).
HOST_VERSION=$(awk '$1 == "require" && $2 == "github.com/pulumi/pulumi/sdk/v3" { print $3 }' "$HOST_MODULE_DIR/go.mod")
[[ $HOST_VERSION == v3.* ]] || die "cannot read the github.com/pulumi/pulumi/sdk/v3 version from $HOST_MODULE_DIR/go.mod"
mkdir -p "$CACHE_ROOT"

# Serialise concurrent builds (e.g. two terminals, or tests in parallel).
if command -v flock >/dev/null 2>&1; then
  exec 9>"$CACHE_ROOT/.pulumi-v$PULUMI_VERSION.lock"
  flock 9
  if [[ ${PULUMI_CLI_FORCE_BUILD:-} != 1 ]] && cache_ok; then # someone else finished while we waited
    install_provider "$CACHE_DIR"
    log "using cached build in $CACHE_DIR"
    printf '%s\n' "$CACHE_DIR"
    exit 0
  fi
fi

log "building Pulumi CLI v$PULUMI_VERSION and pulumi-language-nodejs $HOST_VERSION from source with $(go version)"
log "module cache: $(go env GOMODCACHE); build cache: $(go env GOCACHE) (a cold build takes several minutes on 2 cores)"
tmp=$(mktemp -d "$CACHE_ROOT/.build-pulumi-v$PULUMI_VERSION.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
version_var=github.com/pulumi/pulumi/sdk/v3/go/common/version.Version

start=$SECONDS
log "go build github.com/pulumi/pulumi/pkg/v3/cmd/pulumi (module scripts/pulumi-cli) ..."
(cd "$CLI_MODULE_DIR" && go build -o "$tmp/pulumi" -ldflags "-X $version_var=v$PULUMI_VERSION" \
  github.com/pulumi/pulumi/pkg/v3/cmd/pulumi) >&2
cli_elapsed=$((SECONDS - start))
# A separate module (its own, older dependency versions), so a separate build.
log "go build $HOST_PACKAGE@$HOST_VERSION (module scripts/pulumi-language-nodejs) ..."
(cd "$HOST_MODULE_DIR" && go build -o "$tmp/pulumi-language-nodejs" -ldflags "-X $version_var=$HOST_VERSION" \
  "$HOST_PACKAGE") >&2
elapsed=$((SECONDS - start))
host_elapsed=$((elapsed - cli_elapsed))

got=$(pulumi_version_of "$tmp/pulumi")
[[ $got == "v$PULUMI_VERSION" ]] || die "built pulumi reports '$got', expected v$PULUMI_VERSION"
# The host has no -version flag; its build info names the module (and version) its main package came from.
got=$(go version -m "$tmp/pulumi-language-nodejs" | awk '$1 == "mod" && $2 == "github.com/pulumi/pulumi/sdk/v3" { print $3 }')
[[ $got == "$HOST_VERSION" ]] || die "built pulumi-language-nodejs has sdk '$got', expected $HOST_VERSION"
install_provider "$tmp"
{ inputs_hash; date -u +%Y-%m-%dT%H:%M:%SZ; } >"$tmp/$STAMP_NAME"
chmod 0755 "$tmp"

# Replace any stale (stamp-less) cache dir, then rename the finished build into place.
rm -rf "$CACHE_DIR"
mv "$tmp" "$CACHE_DIR"
trap - EXIT
log "build took ${elapsed}s ($((elapsed / 60))m$((elapsed % 60))s; pulumi ${cli_elapsed}s, pulumi-language-nodejs ${host_elapsed}s); cached in $CACHE_DIR"
printf '%s\n' "$CACHE_DIR"
