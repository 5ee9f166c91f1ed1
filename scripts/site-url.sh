#!/usr/bin/env bash
# The SITE_URL `make run` gives every process (usage: site-url.sh PORT [ENV_FILE]):
# the environment's SITE_URL, else the .env file's, else http://127.0.0.1:PORT, so that
# `PORT=8101 make run` sends emails whose links lead to port 8101.
set -euo pipefail

port="${1:?usage: site-url.sh PORT [ENV_FILE]}"
env_file="${2:-.env}"
url="${SITE_URL:-}"
if [ -z "$url" ] && [ -f "$env_file" ]; then
  url="$(sed -n 's/^[[:space:]]*SITE_URL[[:space:]]*=[[:space:]]*//p' "$env_file" | tail -n 1)"
  url="${url%\"}"
  url="${url#\"}"
fi
echo "${url:-http://127.0.0.1:$port}"
