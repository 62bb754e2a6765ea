#!/bin/sh
# Runs a command with the Bun version pinned in package.json ("packageManager"), installing Bun
# from npm into .tools/ and the locked dependencies first when they are missing. Lets the README's
# commands work on a machine that has only Node.js and npm.
set -e
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
want=$(node -p "require('./package.json').packageManager.split('@')[1]")
if command -v bun >/dev/null 2>&1 && [ "$(bun --version)" = "$want" ]; then
  :
elif [ -x "$root/.tools/node_modules/.bin/bun" ] && [ "$("$root/.tools/node_modules/.bin/bun" --version)" = "$want" ]; then
  PATH="$root/.tools/node_modules/.bin:$PATH"
else
  echo "Installing Bun $want from npm into .tools/ ..." >&2
  npm install --silent --prefix "$root/.tools" --no-save --no-package-lock "bun@$want" >&2
  PATH="$root/.tools/node_modules/.bin:$PATH"
fi
export PATH
if [ ! -f node_modules/.punie-installed ] || [ bun.lock -nt node_modules/.punie-installed ]; then
  echo "Installing dependencies from bun.lock ..." >&2
  bun install --frozen-lockfile >&2
  touch node_modules/.punie-installed
fi
exec "$@"
