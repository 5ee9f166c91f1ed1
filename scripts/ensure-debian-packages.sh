#!/usr/bin/env bash
# Install Debian packages the app and its tests need when they are missing: gettext
# (compiling translations) and Noto CJK fonts (the profile card's Chinese, prisoners/
# card.py) for `make run`; with --browser also Chromium (browser tests), npm (axe-core
# and the Nu Html Checker, package.json) and Java (to run the checker).
set -euo pipefail

missing=()
command -v msgfmt >/dev/null || missing+=(gettext)
fc-list 2>/dev/null | grep -q "Noto Sans CJK" || missing+=(fonts-noto-cjk)
if [ "${1:-}" = "--browser" ]; then
  command -v chromium >/dev/null || missing+=(chromium)
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
