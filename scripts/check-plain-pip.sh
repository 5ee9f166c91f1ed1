#!/usr/bin/env bash
# A deployer's install, as every buildpack, Dockerfile and CI template runs it: a new
# virtualenv, the newest pip, `pip install -r requirements.txt`, nothing else (no build
# constraint, no pinned setuptools). Fails if the install fails, if `pip check` finds a
# broken dependency, or if any package came as a source distribution rather than a
# wheel (a build step is what broke before: an sdist importing pkg_resources).
set -euo pipefail
cd "$(dirname "$0")/.."
python="${PYTHON:-python3.11}"
requirements="${1:-requirements.txt}"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT

"$python" -m venv "$dir/venv"
"$dir/venv/bin/python" -m pip install --quiet --upgrade pip
echo "check-plain-pip: $("$dir/venv/bin/python" -m pip --version | cut -d' ' -f1-2)," \
  "fresh venv, pip install -r $requirements"
"$dir/venv/bin/python" -m pip install --quiet --report "$dir/report.json" -r "$requirements"
"$dir/venv/bin/python" -m pip check
"$dir/venv/bin/python" - "$dir/report.json" <<'PY'
import json
import sys

installed = json.load(open(sys.argv[1]))["install"]
sdists = [
    f"{item['metadata']['name']} {item['metadata']['version']}"
    for item in installed
    if not item["download_info"]["url"].endswith(".whl")
]
if sdists:
    sys.exit("check-plain-pip: built from source, not a wheel: " + ", ".join(sdists))
print(f"check-plain-pip: {len(installed)} packages, all wheels")
PY
