from pathlib import Path

from django.conf import settings
from django.core.management import call_command

from prisoners.management.commands.load_demo import read_cases
from prisoners.models import CaseEvent, Prisoner, Source

REAL_CSV = Path(settings.BASE_DIR).parent / "shared" / "data" / "chinese-political-prisoners.csv"
CASES = read_cases()


def _counts() -> tuple[int, int, int]:
    return Prisoner.objects.count(), CaseEvent.objects.count(), Source.objects.count()


def test_load_demo_is_idempotent(db, tmp_path, capsys):
    call_command("load_demo", "--csv", str(tmp_path / "absent.csv"))
    first = _counts()
    assert first[0] == len(CASES) >= 12
    assert first[1] >= 2 * len(CASES)
    call_command("load_demo", "--csv", str(tmp_path / "absent.csv"))
    assert _counts() == first
    first_run, second_run = capsys.readouterr().out.split("No CSV list")[1:]
    assert (
        f"Demo cases: {len(CASES)} read; {len(CASES)} added as new prisoners, 0 updated "
        "prisoners already there"
    ) in first_run
    assert (
        f"Demo cases: {len(CASES)} read; 0 added as new prisoners, 0 updated prisoners "
        f"already there (the CSV list's or an earlier run's), {len(CASES)} already up to date."
    ) in second_run


def test_load_demo_reports_in_the_order_it_works(db, tmp_path, capsys):
    # The CSV list first, then the demo cases (a case in the list updates its prisoner,
    # counted as such, not as a new one), then the apps' extras.
    csv = tmp_path / "list.csv"
    csv.write_text(REAL_CSV.read_text(encoding="utf-8"), encoding="utf-8")
    call_command("load_demo", "--csv", str(csv))
    lines = capsys.readouterr().out.splitlines()
    order = [
        next(i for i, line in enumerate(lines) if line.startswith(prefix))
        for prefix in ("CSV list list.csv:", "Demo cases:", "Censorship watch demo:")
    ]
    assert order == sorted(order), lines
    demo_line = lines[order[1]]
    in_both = sum(1 for case in CASES if not case["key"].startswith("demo:"))
    assert f"{len(CASES) - in_both} added as new prisoners, {in_both} updated" in demo_line


def test_demo_profiles_are_published_with_a_timeline(client, db, tmp_path):
    call_command("load_demo", "--csv", str(tmp_path / "absent.csv"))
    wu_gan = Prisoner.objects.get(native_name="吴淦")
    assert wu_gan.is_published
    response = client.get(wu_gan.get_absolute_url())
    assert response.status_code == 200
    assert len(response.context["prisoner"].timeline) >= 2


def test_demo_cases_enrich_the_real_list_instead_of_doubling_people(db):
    call_command("load_demo", "--csv", str(REAL_CSV))
    demo_only = sum(1 for case in CASES if case["key"].startswith("demo:"))
    assert Prisoner.objects.count() == 926 + demo_only
    assert Prisoner.objects.filter(native_name="吴淦").count() == 1
