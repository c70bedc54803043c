#!/usr/bin/env bash
# `npm run dev`: the dev stack on a local file state backend, no account needed.
# Extra arguments go to `pulumi up` (e.g. `npm run dev -- --yes`).
set -euo pipefail
cd "$(dirname "$0")/.."
PULUMI_CLI_VERSION=3.276.0
state_dir="$PWD/.pulumi-state"
mkdir -p "$state_dir"

# Secrets in a file backend are encrypted with a passphrase; make one once if the user has none.
if [ -z "${PULUMI_CONFIG_PASSPHRASE+set}" ] && [ -z "${PULUMI_CONFIG_PASSPHRASE_FILE:-}" ]; then
  if [ ! -f "$state_dir/passphrase" ]; then
    (umask 077 && head -c 32 /dev/urandom | base64 | tr -d '\n' > "$state_dir/passphrase")
    echo "dev: created a passphrase in $state_dir/passphrase — keep it, the stack's secrets need it" >&2
  fi
  export PULUMI_CONFIG_PASSPHRASE_FILE="$state_dir/passphrase"
fi
export PULUMI_BACKEND_URL="${PULUMI_BACKEND_URL:-file://$state_dir}"
export PULUMI_SKIP_UPDATE_CHECK=true

if command -v pulumi >/dev/null 2>&1 && [ "$(pulumi version 2>/dev/null)" = "v$PULUMI_CLI_VERSION" ]; then
  pulumi_cmd=(pulumi)
else
  # The `pulumi` npm package downloads the CLI version named by PULUMI_VERSION.
  export PULUMI_VERSION=$PULUMI_CLI_VERSION
  pulumi_cmd=(npx --yes pulumi)
fi

"${pulumi_cmd[@]}" stack select dev --create
"${pulumi_cmd[@]}" up "$@"
