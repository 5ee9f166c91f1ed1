"""Mutation testing of the core modules: each module's mutants run against that module's tests.

    python scripts/mutate.py                       # every module in MODULES
    python scripts/mutate.py prisoners/dates.py    # only the modules named

Cosmic Ray (pinned in requirements-dev.txt) changes one thing at a time in the module on
disk (a comparison flipped, `and` for `or`, a number or a boolean changed, a loop skipped…),
runs the module's tests, and puts the file back. A mutant the tests do not notice
"survived". The score is killed / (all mutants - the equivalent ones listed below).

The module is edited in place while it runs: do not run tests or edit code in this checkout
meanwhile. The tests use the test database of DATABASE_URL (made once, then reused).
"""

import argparse
import glob
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "var" / "mutate"
# Module -> the test files that own its behaviour (globs, so a new file for a new behaviour
# of the module joins its run by its name).
MODULES = {
    "prisoners/dates.py": ["tests/prisoners/test_dates*.py", "tests/prisoners/test_models.py"],
    "prisoners/names.py": ["tests/prisoners/test_names*.py", "tests/prisoners/test_search.py"],
    "prisoners/importer.py": [
        "tests/prisoners/test_importer*.py",
        "tests/prisoners/test_load_demo*.py",
    ],
    # One row read (split out of importer.py): the same tests.
    "prisoners/rows.py": [
        "tests/prisoners/test_importer*.py",
        "tests/prisoners/test_load_demo*.py",
    ],
    # Not the browser or process tests, nor the 60-thread race (test_claim_race.py): each
    # runs once per mutant.
    "campaigns/services.py": [
        "tests/campaigns/services/test_*.py",
        "tests/campaigns/test_claims.py",
        "tests/campaigns/test_posts.py",
        "tests/campaigns/test_settings.py",
        "tests/campaigns/test_reminder_links.py",
        "tests/campaigns/test_audit_trail.py",
        "tests/campaigns/outbox/test_unsubscribe_wins.py",
    ],
    "campaigns/tokens.py": [
        "tests/campaigns/test_tokens*.py",
        "tests/campaigns/test_reminder_links.py",
        "tests/campaigns/test_link_ids.py",
    ],
}
# Operators left out: other binary operators than + - * / (`a + b` -> `a ** b`, `a << b`…)
# multiply the run time and are killed by any test that touches the line; Cosmic Ray's
# variable inserter/replacer makes mostly nonsensical code of the same kind.
EXCLUDED_OPERATORS = [
    r"core/ReplaceBinaryOperator_(?!(Add_Sub|Sub_Add|Mul_Div|Div_Mul)$)",
    r"core/VariableInserter",
    r"core/VariableReplacer",
]
# Mutants that behave exactly like the original (no test can kill them), by module: the
# mutated line as Cosmic Ray writes it -> why. They do not count in the score.
EQUIVALENT = {
    "prisoners/dates.py": {
        "if self.precision >= Precision.YEAR:": (
            '"year" is the greatest of the precisions ("day" < "month" < "year"): >= is =='
        ),
        "if self.precision >= Precision.MONTH:": (
            'after the year test only "month" and "day" are left, and "day" < "month"'
        ),
        "next_month = (self.date.replace(day=28) + datetime.timedelta(days=5)).replace(day=1)": (
            "the 28th + 5 days is always in the next month, like + 4"
        ),
    },
    "prisoners/names.py": {
        "if len(parts) == 1 and has_han(parts[-1]):": (
            "after len(parts) == 1 the last part is the first"
        ),
        "surname, given = _split_surname(parts[-1])": (
            "only reached with exactly one part, where the last part is the first"
        ),
    },
    "prisoners/rows.py": {
        "position: int = 1": "every SourceLink is made with its position (CSV rows, demo cases)",
        "position: int = -1": "every SourceLink is made with its position (CSV rows, demo cases)",
        "line: int = 1": "parse_row passes the line; a demo case is never refused",
        "line: int = -1": "parse_row passes the line; a demo case is never refused",
        "@dataclass(frozen=False)": (
            "nothing sets a field of a SourceLink or an Event, or hashes one"
        ),
        "if sentence is Sentence.NONE:": (
            "the sentence is always a Sentence member itself (SENTENCE_WORDS, _sentence_fields)"
        ),
    },
    "prisoners/importer.py": {
        "def save(parsed: ParsedRow, *, publish: bool = False) -> str:": (
            "every caller decides: import_prisoners passes publish, a demo case is_published=True"
        ),
        "def save(parsed: ParsedRow, /, publish: bool = True) -> str:": (
            "every caller passes publish by keyword or not at all"
        ),
        "if sentence is Sentence.NONE:": (
            "the sentence is always a Sentence member itself (SENTENCE_WORDS, _sentence_fields)"
        ),
        'if outcome is "unchanged" and (sources_changed or events_changed):': (
            "the outcome is one of _save_prisoner's literals, interned like this one"
        ),
        'if fields["status"] is not Status.DIED and not parsed.curated:': (
            "a row of the list gets a Status member from _status_for; curated rows skip the test"
        ),
        "dry_run: bool = True": "the one ImportReport made (import_prisoners) passes dry_run",
        'if outcome >= "unchanged" and (sources_changed or events_changed):': (
            '"updated" also sorts after "unchanged", and stays "updated"; "created" sorts before'
        ),
        "def _save_prisoner(parsed: ParsedRow, /, publish: bool) -> tuple[Prisoner, str]:": (
            "its one caller passes publish by keyword, which the mutant still accepts"
        ),
        "def import_prisoners(text: str, /, dry_run: bool = False, publish: bool = True)"
        " -> ImportReport:": "every caller passes dry_run and publish by keyword",
        "if len(cells) is not len(COLUMNS):": (
            "two small ints, which CPython keeps one object each of: `is not` is !="
        ),
        "row = dict(zip(COLUMNS, (c.strip() for c in cells), strict=False))": (
            "the number of cells was checked just above"
        ),
        "def _status_for(sentence: str, /, died: bool) -> str:": (
            "its one caller passes died by keyword, which the mutant still accepts"
        ),
    },
    "campaigns/services.py": {
        'adoptions, /, reason: str, note: str = "", at: datetime.datetime | None = None': (
            "every call passes the adoptions by position and the rest by keyword"
        ),
        "if not (active and active[-1]):": "the row has one column: [-1] is [0]",
        'if constraint >= "one_defended_prisoner_per_volunteer":': (
            "no other constraint of the adoptions table sorts after this one"
        ),
        **dict.fromkeys(
            [
                'if constraint >= "one_active_defender_per_prisoner":',
                'if constraint <= "one_active_defender_per_prisoner":',
                'if constraint is not "one_active_defender_per_prisoner":',
            ],
            "only this constraint reaches the test: a defender's INSERT cannot break the "
            "supporters' one, the share locks keep the rows its foreign keys point to, and "
            "the test before took the other",
        ),
        "defences = sum(a.role <= Adoption.Role.DEFENDER for a in ended)": (
            'the roles are "defender" and "supporter": only "defender" sorts <= "defender"'
        ),
        'ended = list(adoptions.active().select_for_update(of=("self",), no_key=False).order_by("pk"))': (  # noqa: E501
            "FOR UPDATE differs from FOR NO KEY UPDATE only against FOR KEY SHARE, which "
            "nothing takes on an adoption: no foreign key points to one"
        ),
    },
    "campaigns/tokens.py": {
        "if purpose < UNSUBSCRIBE:": "the other two purposes both sort before unsubscribe",
        "if purpose is not UNSUBSCRIBE:": "every caller passes the module's own constant",
        (
            'return signing.dumps({"v": volunteer.link_id.hex, **extra}, salt=purpose, '
            "compress=False)"
        ): "an uncompressed token reads back the same",
    },
}
TIMEOUT_SECONDS = 120


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", help="modules to mutate (default: all)")
    args = parser.parse_args(argv)
    unknown = set(args.modules) - set(MODULES)
    if unknown:
        parser.error(f"not in MODULES: {', '.join(sorted(unknown))}")
    WORK.mkdir(parents=True, exist_ok=True)
    scores = [run_module(module) for module in args.modules or MODULES]
    print("\nmodule                     killed / counted   score   (equivalent)")
    for module, killed, counted, equivalent in scores:
        score = f"{100 * killed / counted:5.1f} %" if counted else "  n/a"
        print(f"{module:26} {killed:6} / {counted:<7}   {score}   ({equivalent})")
    return 0


def tool(name: str) -> str:
    """A Cosmic Ray command: beside this Python, else on PATH."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if not found:
        sys.exit(f"{name} not found: pip install -r requirements-dev.txt")
    return found


def test_files(module: str) -> list[str]:
    files = sorted({f for pattern in MODULES[module] for f in glob.glob(pattern, root_dir=ROOT)})
    if not files:
        sys.exit(f"{module}: no test files match {MODULES[module]}")
    return files


def write_config(module: str, path: Path) -> None:
    # Bytecode caches are off: a mutant of the same size written in the same second as the
    # original would otherwise run the stale cached bytecode and "survive".
    pytest = f"{sys.executable} -B -m pytest -x -q -p no:cacheprovider --reuse-db"
    command = " ".join([pytest, *test_files(module)])
    excluded = ", ".join(json.dumps(op) for op in EXCLUDED_OPERATORS)
    path.write_text(
        "[cosmic-ray]\n"
        f'module-path = "{module}"\n'
        f"timeout = {TIMEOUT_SECONDS}\n"
        "excluded-modules = []\n"
        f"test-command = {json.dumps(command)}\n\n"
        '[cosmic-ray.distributor]\nname = "local"\n\n'
        f"[cosmic-ray.filters.operators-filter]\nexclude-operators = [{excluded}]\n"
    )


def run_module(module: str) -> tuple[str, int, int, int]:
    slug = module.replace("/", "-").removesuffix(".py")
    config, session = WORK / f"{slug}.toml", WORK / f"{slug}.sqlite"
    write_config(module, config)
    print(f"== {module}: tests {' '.join(test_files(module))}", flush=True)
    # The tests must pass unmutated (this also makes the test database they then reuse).
    first = [sys.executable, "-B", "-m", "pytest", "-q", "-p", "no:cacheprovider", "--create-db"]
    run([*first, *test_files(module)])
    run([tool("cosmic-ray"), "init", str(config), str(session), "--force"])
    run([tool("cr-filter-operators"), str(session), str(config)])
    run([tool("cosmic-ray"), "exec", str(config), str(session)])
    return score(module, session)


def run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    # Our own interpreter and Cosmic Ray's commands, with paths from MODULES.
    return subprocess.run(command, cwd=ROOT, env=env, check=True, **kwargs)  # noqa: S603


def score(module: str, session: Path) -> tuple[str, int, int, int]:
    dump = run([tool("cosmic-ray"), "dump", str(session)], capture_output=True, text=True)
    lines = (ROOT / module).read_text().splitlines()
    killed = counted = equivalent = 0
    for raw in dump.stdout.splitlines():
        item, result = json.loads(raw)
        if result is None or result["worker_outcome"] == "skipped":
            continue
        mutation = item["mutations"][0]
        text = lines[mutation["start_pos"][0] - 1].strip()
        equivalents = {squeeze(line) for line in EQUIVALENT.get(module, {})}
        if mutated_line(result["diff"]) in equivalents:
            equivalent += 1
            continue
        counted += 1
        if result["test_outcome"] == "survived" and result["worker_outcome"] != "timeout":
            line = mutation["start_pos"][0]
            print(f"  survived {module}:{line} {mutation['operator_name']}: {text}")
        else:
            killed += 1
    return module, killed, counted, equivalent


def mutated_line(diff: str | None) -> str:
    added = [line for line in (diff or "").splitlines() if line.startswith("+")]
    return squeeze(added[-1][1:]) if added else ""


def squeeze(code: str) -> str:
    """Code without its spaces: Cosmic Ray writes `days= 5` for `days=5`."""
    return "".join(code.split())


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
