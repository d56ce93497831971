#!/usr/bin/env bash
# The web client's build and checks, as `make run` and `make test` run them (and the browser tests, through
# make). Usage: scripts/web-client.sh build|check
#
#   build   npm ci (when node_modules is older than package-lock.json), then npm run build, then the stamp
#           dist/.built that make compares with the sources.
#   check   npm ci as above, then npm run check (types, lint, formatting, generated types, unit tests).
#
# Without frontend-client/package.json there is no client yet: nothing to do. Without Node 20+ it says so in
# one line and succeeds, so `make run` still serves the API and GraphiQL; under CI=true that is an error.
# WEB_CLIENT_SRC names another client folder (the tests use it).
set -euo pipefail

action=${1:?usage: web-client.sh build|check}
here=${BASH_SOURCE[0]%/*}
[ "$here" = "${BASH_SOURCE[0]}" ] && here=.
client=${WEB_CLIENT_SRC:-$here/../frontend-client}
[ -f "$client/package.json" ] || exit 0

case $action in
  build) unable="web client not built: Node 20+ not found; the API and GraphiQL are served" ;;
  check) unable="web client not checked: Node 20+ not found" ;;
  *) echo "usage: web-client.sh build|check" >&2; exit 2 ;;
esac

major=
if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
  version=$(node --version 2>/dev/null || true)  # v20.11.1
  major=${version#v}
  major=${major%%.*}
  [[ $major =~ ^[0-9]+$ ]] || major=
  if [ -n "$major" ] && [ "$major" -lt 20 ]; then
    unable="$unable (node $version is too old)"
    major=
  fi
fi
if [ -z "$major" ]; then
  if [ "${CI:-}" = "true" ]; then
    echo "CI=true: $unable" >&2
    exit 1
  fi
  echo "$unable" >&2
  exit 0
fi

cd "$client"
# npm ci writes node_modules/.package-lock.json: older than package-lock.json means the install is stale.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
  touch node_modules/.package-lock.json
fi

case $action in
  build)
    npm run build
    touch dist/.built
    ;;
  check)
    npm run check
    ;;
esac
