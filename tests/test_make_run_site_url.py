"""`PORT=8101 make run` gives every process a SITE_URL on port 8101 (issue 16).

honcho hands each process a PORT of its own (web 8101, worker 8201…), so the address is
decided once, before honcho starts, by scripts/site-url.sh: the environment's SITE_URL,
else the .env file's, else http://127.0.0.1:PORT.
"""

import os
import subprocess
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
SCRIPT = PROJECT / "scripts" / "site-url.sh"


def site_url(port, env_file, **environment):
    env = {k: v for k, v in os.environ.items() if k != "SITE_URL"}
    env.update(environment)
    result = subprocess.run(
        [str(SCRIPT), str(port), str(env_file)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_the_port_decides_when_nothing_else_does(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("SECRET_KEY=x\nDEBUG=true\n")
    assert site_url(8101, env_file) == "http://127.0.0.1:8101"
    assert site_url(8101, tmp_path / "missing") == "http://127.0.0.1:8101"


def test_a_site_url_in_the_env_file_wins_over_the_port(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text('SECRET_KEY=x\nSITE_URL="https://campaign.example"\n')
    assert site_url(8101, env_file) == "https://campaign.example"


def test_the_environment_wins_over_the_env_file(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("SITE_URL=https://campaign.example\n")
    assert site_url(8101, env_file, SITE_URL="http://10.0.0.5:9000") == "http://10.0.0.5:9000"


def test_make_run_hands_that_address_to_every_process_and_prints_it():
    env = {k: v for k, v in os.environ.items() if k not in {"SITE_URL", "PORT"}}
    plan = subprocess.run(
        ["make", "-n", "run", "PORT=8101"],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert 'site_url="$(scripts/site-url.sh 8101)"' in plan
    assert 'SITE_URL="$site_url"' in plan and "honcho start -p 8101" in plan
    assert 'The campaign site: $site_url/"' in plan
