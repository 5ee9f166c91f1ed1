#!/usr/bin/env bash
# Install Debian packages the tests need when they are missing: Chromium (browser
# tests), Noto CJK fonts (Chinese in screenshots), gettext (compiling translations),
# npm (axe-core and the Nu Html Checker, package.json) and Java (to run the checker).
set -euo pipefail

missing=()
command -v msgfmt >/dev/null || missing+=(gettext)
if [ "${1:-}" = "--browser" ]; then
  command -v chromium >/dev/null || missing+=(chromium)
  fc-list 2>/dev/null | grep -q "Noto Sans CJK" || missing+=(fonts-noto-cjk)
  command -v npm >/dev/null || missing+=(npm)
  command -v java >/dev/null || missing+=(default-jre-headless)
fi
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing Debian packages: ${missing[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
