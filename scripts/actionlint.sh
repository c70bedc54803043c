#!/usr/bin/env bash
# Provide actionlint (the GitHub Actions workflow linter) without a release download.
#
# Prints, as the last line on stdout, the path of an actionlint binary, so callers can do:
#   "$(scripts/actionlint.sh)" .github/workflows/*.yml
#
# Order of preference:
#   1. $ACTIONLINT, when it names an executable (CI images that ship actionlint);
#   2. the build cache ~/.cache/pocket-id-appwrite/actionlint-<version>/ (only if its stamp exists);
#   3. otherwise `go install github.com/rhysd/actionlint/cmd/actionlint@<version>` (module from the
#      Go module proxy) into a temp dir that is renamed into the cache, stamp included, in one step.
#
# The version is pinned (the newest the Go module proxy served when it was last bumped:
# `go list -m -versions github.com/rhysd/actionlint`); ACTIONLINT_VERSION overrides it.
# Progress goes to stderr. GOFLAGS/GOPATH/GOCACHE/GOMODCACHE/GOPROXY are respected as usual.
set -euo pipefail

ACTIONLINT_VERSION=${ACTIONLINT_VERSION:-v1.7.12}
CACHE_ROOT=${HOME}/.cache/pocket-id-appwrite
CACHE_DIR=$CACHE_ROOT/actionlint-$ACTIONLINT_VERSION
STAMP_NAME=.build-complete

log() { printf 'actionlint.sh: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

[[ $ACTIONLINT_VERSION =~ ^v[0-9]+\.[0-9]+\.[0-9]+$ ]] \
  || die "ACTIONLINT_VERSION is '$ACTIONLINT_VERSION'; use a release tag such as v1.7.12"

# 1. an explicit binary
if [[ -n ${ACTIONLINT:-} ]]; then
  [[ -x $ACTIONLINT ]] || die "ACTIONLINT is '$ACTIONLINT', which is not an executable; unset it to build one"
  log "using $ACTIONLINT (from \$ACTIONLINT)"
  printf '%s\n' "$ACTIONLINT"
  exit 0
fi

cache_ok() { [[ -f $CACHE_DIR/$STAMP_NAME && -x $CACHE_DIR/actionlint ]]; }

# 2. our build cache
if cache_ok; then
  log "using cached actionlint $ACTIONLINT_VERSION in $CACHE_DIR"
  printf '%s\n' "$CACHE_DIR/actionlint"
  exit 0
fi

# 3. build
command -v go >/dev/null 2>&1 || die "actionlint $ACTIONLINT_VERSION is not cached in $CACHE_DIR and 'go' is not on PATH to build it (install Go, or set ACTIONLINT to an actionlint binary)"
mkdir -p "$CACHE_ROOT"

# Serialise concurrent builds (two terminals, or tests in parallel).
if command -v flock >/dev/null 2>&1; then
  exec 9>"$CACHE_ROOT/.actionlint-$ACTIONLINT_VERSION.lock"
  flock 9
  if cache_ok; then
    log "using cached actionlint $ACTIONLINT_VERSION in $CACHE_DIR"
    printf '%s\n' "$CACHE_DIR/actionlint"
    exit 0
  fi
fi

tmp=$(mktemp -d "$CACHE_ROOT/.build-actionlint-$ACTIONLINT_VERSION.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
log "building actionlint $ACTIONLINT_VERSION with $(go version) (about a minute on 2 cores when cold)"
start=$SECONDS
# GOBIN makes `go install` drop the binary straight into the temp dir; `actionlint -version` reports
# the module version from the build info, so no ldflags are needed.
GOBIN=$tmp go install -trimpath "github.com/rhysd/actionlint/cmd/actionlint@$ACTIONLINT_VERSION" >&2
elapsed=$((SECONDS - start))
[[ -x $tmp/actionlint ]] || die "go install finished but $tmp/actionlint is missing"
"$tmp/actionlint" -version >/dev/null 2>&1 || die "the built actionlint does not run: $("$tmp/actionlint" -version 2>&1 | head -1)"
date -u +%Y-%m-%dT%H:%M:%SZ >"$tmp/$STAMP_NAME"
chmod 0755 "$tmp"

# Replace any stale (stamp-less) cache dir, then rename the finished build into place.
rm -rf "$CACHE_DIR"
mv "$tmp" "$CACHE_DIR"
trap - EXIT
log "build took ${elapsed}s; cached in $CACHE_DIR"
printf '%s\n' "$CACHE_DIR/actionlint"
