"""The demo cases are written in Chinese too (prisoners/demo/README.md): every English text
has its Simplified Chinese one, written as Chinese is written; load_demo stores them, a
second load changes nothing, and a reader of Chinese sees them on the profile."""

import re

import pytest
from django.conf import settings
from django.core.management import call_command

from prisoners import chinese, importer
from prisoners.management.commands.load_demo import CHINESE_FIELDS, demo_record, read_cases
from prisoners.models import CaseEvent, Prisoner, Source

CASES = read_cases()
HAN = "\u3400-\u4dbf\u4e00-\u9fff"
# Han characters and the CJK punctuation and full-width forms written between them.
CJK = f"{HAN}\u3000-\u303f\uff00-\uffef“”·"
BAD_CHINESE = {
    "an ASCII comma between CJK characters": re.compile(f"[{CJK}] *, *[{CJK}]"),
    "ASCII punctuation next to a Han character": re.compile(f"[{HAN}][,;:()!?]|[,;:(]+[{HAN}]"),
    "a space between CJK characters": re.compile(f"[{CJK}]\\s+[{CJK}]"),
    "a date not written as 2015年5月20日": re.compile(r"\d{4}-\d{2}"),
}


def chinese_problems(text: str) -> list[str]:
    problems = [what for what, pattern in BAD_CHINESE.items() if pattern.search(text)]
    if not re.search(f"[{HAN}]", text):
        problems.append("no Han character")
    return problems


def english_and_chinese(case: dict) -> list[tuple[str, str, str]]:
    """(where, English, Chinese) for every text of a case that has an English one."""
    pairs = [(name, case.get(name, ""), case.get(f"{name}_zh", "")) for name in CHINESE_FIELDS]
    for event in case["events"]:
        where = f"event {event['date']} {event['kind']}"
        pairs.append((where, event.get("text", ""), event.get("text_zh", "")))
    for source in case["sources"]:
        pairs.append((f"source {source['url']}", source["title"], source.get("title_zh", "")))
    return [pair for pair in pairs if pair[1]]


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_every_english_text_of_a_demo_case_has_its_chinese(case):
    pairs = english_and_chinese(case)
    assert len(pairs) >= 1 + len(case["events"]) + len(case["sources"])
    missing = [where for where, _english, zh in pairs if not zh.strip()]
    assert not missing, f"{case['name']}: no Chinese for {missing}"
    badly_written = {where: chinese_problems(zh) for where, _english, zh in pairs}
    assert not {where: p for where, p in badly_written.items() if p}


def test_the_checks_catch_what_they_are_for():
    """The rules above would notice the usual slips of Chinese typed on an English keyboard."""
    assert "an ASCII comma between CJK characters" in chinese_problems("他被判刑,关押于监狱。")
    assert chinese_problems("被判刑(八年)。") == ["ASCII punctuation next to a Han character"]
    assert "a space between CJK characters" in chinese_problems("律师 吴淦 被捕。")
    assert chinese_problems("Sentenced to eight years.") == ["no Han character"]
    assert "a date not written as 2015年5月20日" in chinese_problems("2015-05-20被拘押。")
    assert chinese_problems("2015年5月20日，他在南昌被抓。") == []


def _stored_chinese() -> list:
    return [
        *Prisoner.objects.order_by("pk").values_list(
            "pk", *(f"{name}_zh_hans" for name in CHINESE_FIELDS)
        ),
        *CaseEvent.objects.order_by("pk").values_list("pk", "text", "text_zh_hans"),
        *Source.objects.order_by("pk").values_list("pk", "title", "title_zh_hans"),
    ]


@pytest.fixture
def loaded(db, tmp_path, capsys):
    call_command("load_demo", "--csv", str(tmp_path / "absent.csv"))
    capsys.readouterr()
    return tmp_path / "absent.csv"


def test_load_demo_stores_the_chinese_and_a_second_load_changes_nothing(loaded, capsys):
    wu_gan = CASES[0]
    prisoner = Prisoner.objects.get(import_key=wu_gan["key"])
    assert prisoner.summary_zh_hans == wu_gan["summary_zh"]
    assert prisoner.charges_zh_hans == "颠覆国家政权罪"
    assert prisoner.summary_zh_hant == ""  # Traditional is converted when shown, not stored
    stored_events = set(prisoner.events.values_list("text_zh_hans", flat=True))
    assert stored_events == {event["text_zh"] for event in wu_gan["events"]}
    stored_titles = list(prisoner.sources.values_list("title_zh_hans", flat=True))
    assert stored_titles == [source["title_zh"] for source in wu_gan["sources"]]
    before = _stored_chinese()

    call_command("load_demo", "--csv", str(loaded))

    second_run = capsys.readouterr().out.split("No CSV list")[-1]
    assert (
        f"0 added as new prisoners, 0 updated prisoners already there (the CSV list's or an "
        f"earlier run's), {len(CASES)} already up to date." in second_run
    )
    assert _stored_chinese() == before


def test_a_reworded_chinese_text_updates_the_stored_one_and_nothing_else(loaded):
    case = {**CASES[0]}
    case["events"] = [dict(event) for event in case["events"]]
    case["events"][0]["text_zh"] = "在南昌被警方扣押。"
    case["sources"] = [dict(source) for source in case["sources"]]
    case["sources"][1]["title_zh"] = "中国变革"
    events_before = CaseEvent.objects.count()

    assert importer.save(demo_record(case)) == "updated"

    prisoner = Prisoner.objects.get(import_key=case["key"])
    first = prisoner.events.get(date="2015-05-20", kind="detention")
    assert first.text_zh_hans == "在南昌被警方扣押。"
    assert first.text == case["events"][0]["text"]
    assert prisoner.sources.get(url=case["sources"][1]["url"]).title_zh_hans == "中国变革"
    assert CaseEvent.objects.count() == events_before
    assert importer.save(demo_record(case)) == "unchanged"


def test_an_event_written_only_in_chinese_is_loaded(loaded):
    case = {**CASES[0], "events": [{"date": "2018-12", "kind": "note", "text_zh": "仍在狱中。"}]}
    assert importer.save(demo_record(case)) == "updated"
    event = CaseEvent.objects.get(prisoner__import_key=case["key"], kind="note", date="2018-12-01")
    assert (event.text, event.text_zh_hans) == ("", "仍在狱中。")


def _profile(client, language: str, prisoner: Prisoner, django_assert_num_queries) -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    with django_assert_num_queries(3):  # prisoner, events, sources: whatever the language
        response = client.get(prisoner.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("language", ["zh-hans", "zh-hant"])
def test_a_reader_of_chinese_sees_the_demo_case_in_chinese(
    loaded, client, language, django_assert_num_queries
):
    case = CASES[0]
    prisoner = Prisoner.objects.get(import_key=case["key"])
    page = _profile(client, language, prisoner, django_assert_num_queries)

    def shown(text: str) -> str:
        return chinese.to_traditional(text) if language == "zh-hant" else text

    assert shown(case["summary_zh"]) in page
    assert shown(case["charges_zh"]) in page
    for event in case["events"]:
        assert shown(event["text_zh"]) in page
    assert shown(case["sources"][1]["title_zh"]) in page
    assert case["summary"][:40] not in page
    assert case["events"][0]["text"][:30] not in page
    if language == "zh-hant":
        assert shown(case["summary_zh"]) != case["summary_zh"]  # really converted
        assert "顛覆國家政權罪" in page


def test_a_reader_of_english_still_sees_the_english(loaded, client, django_assert_num_queries):
    case = CASES[0]
    prisoner = Prisoner.objects.get(import_key=case["key"])
    page = _profile(client, "en", prisoner, django_assert_num_queries)
    assert "Super Vulgar Butcher" in page
    assert case["summary_zh"][:20] not in page
