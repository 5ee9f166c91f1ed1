#!/usr/bin/env bash
# Install Debian packages the app and its tests need when they are missing: gettext
# (compiling translations), Noto CJK fonts (the profile card's Chinese, prisoners/
# card.py) and npm (Bootstrap, package.json) for `make run`; with --browser (what `make
# test` needs) also Chromium (browser tests), Java (to run the Nu Html Checker),
# nginx, openssl and systemd-analyze (the production stack's tests, deploy/) and PgBouncer
# (README "Scaling"). Their system services are not started: the tests run their own on
# loopback.
set -euo pipefail

missing=()
command -v msgfmt >/dev/null || missing+=(gettext)
fc-list 2>/dev/null | grep -q "Noto Sans CJK" || missing+=(fonts-noto-cjk)
command -v npm >/dev/null || missing+=(npm)
if [ "${1:-}" = "--browser" ]; then
  command -v chromium >/dev/null || missing+=(chromium)
  command -v java >/dev/null || missing+=(default-jre-headless)
  [ -x /usr/sbin/nginx ] || missing+=(nginx)
  command -v openssl >/dev/null || missing+=(openssl)
  command -v systemd-analyze >/dev/null || missing+=(systemd)
  [ -x /usr/sbin/pgbouncer ] || missing+=(pgbouncer)
fi
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing Debian packages: ${missing[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
# Packages with a service (nginx, pgbouncer) would start it on installation, taking port
# 80 or 6432 of the machine: a policy-rc.d that says no keeps them stopped.
policy=/usr/sbin/policy-rc.d
own_policy=""
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null
  $sudo chmod +x "$policy"
  own_policy=1
fi
trap '[ -n "$own_policy" ] && $sudo rm -f "$policy"' EXIT
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
