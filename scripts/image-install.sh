#!/bin/sh
# Installs Mailroom for production, as the image does, into <target>:
#
#   scripts/image-install.sh <target>
#
# Run it in a clean copy of the repository (no node_modules/, no dist/). It installs every
# dependency (the build needs TypeScript, whatever NODE_ENV says), compiles src/ into dist/, drops the development
# dependencies (what `npm ci --omit=dev` would install), and copies into <target> only what
# runs: package.json, package-lock.json, node_modules/, dist/ and migrations/. Then, in <target>:
#
#   node dist/main.js                  the app
#   node dist/cli/backup.js <file>     a backup (and the other tools in dist/cli/)
#
# The Dockerfile's build stage runs this script; its runtime stage copies <target>. The
# production smoke test runs it too, then the app from <target> against a fake Slack.
set -eu

if [ "$#" -ne 1 ]; then
  echo "Usage: scripts/image-install.sh <target folder>" >&2
  exit 1
fi
target=$1

cd "$(dirname "$0")/.."
if [ -e node_modules ] || [ -e dist ]; then
  echo "scripts/image-install.sh needs a clean copy of the repository: remove node_modules/ and dist/ first." >&2
  exit 1
fi

npm ci --include=dev --no-audit --no-fund
npm run build
npm prune --omit=dev --no-audit --no-fund

mkdir -p "$target"
cp -R package.json package-lock.json node_modules dist migrations "$target"/
echo "Mailroom is installed in $target: run node dist/main.js there."
