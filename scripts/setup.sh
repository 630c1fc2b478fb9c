#!/usr/bin/env bash
# Installs what a fresh Debian machine lacks for the demo and the tests: Chromium, Firefox ESR,
# a Korean font (so screenshots show Hangul), then the npm dependencies from the lock file.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
[ -x /usr/lib/chromium/chromium ] || need+=(chromium)
command -v firefox-esr >/dev/null 2>&1 || need+=(firefox-esr)
fc-list 2>/dev/null | grep -qiE 'nanum|noto sans cjk' || need+=(fonts-nanum)
if [ ${#need[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "Installing Debian packages: ${need[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

node -e 'const [major] = process.versions.node.split(".").map(Number); if (major < 20) { console.error("Node 20 or newer is needed, found " + process.version); process.exit(1); }'
npm ci --no-audit --no-fund
