"""The case itself in the reader's language (issue 12, point 1).

English and Simplified Chinese are written; Traditional is OpenCC's conversion of the
Simplified text unless an organizer wrote it by hand. A page shows its reader's
language and marks a fallback to the other one with lang="".
"""

import csv
import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from campaigns.models import OutgoingEmail
from campaigns.outbox import emails
from prisoners import chinese
from prisoners.models import CaseEvent, Prisoner, Source
from tests.conftest import defend, reauthenticate

CSV = Path(settings.BASE_DIR).parent / "shared" / "data" / "chinese-political-prisoners.csv"


def page(prisoner: Prisoner, language: str, client: Client | None = None) -> str:
    client = client or Client()
    client.cookies["django_language"] = language
    response = client.get(prisoner.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def case(prisoner) -> Prisoner:
    prisoner.summary = "Jailed for his street protests."
    prisoner.summary_zh_hans = "他因街头抗议而入狱，这里是他的故事。"
    prisoner.charges = "Subversion of state power"
    prisoner.charges_zh_hans = "颠覆国家政权罪"
    prisoner.charges_zh_hant = "顛覆國家政權罪（手寫）"
    prisoner.occupation = "Blogger"  # no Chinese: a Chinese page falls back to it
    prisoner.save()
    CaseEvent.objects.create(
        prisoner=prisoner,
        date=datetime.date(2017, 12, 26),
        kind="verdict",
        text="Sentenced to eight years.",
        text_zh_hans="被判处有期徒刑八年。",
    )
    Source.objects.create(
        prisoner=prisoner,
        url="https://example.org/record",
        title="The record",
        title_zh_hans="档案记录",
    )
    return prisoner


def test_each_reader_gets_their_language_and_script(case):
    english = page(case, "en")
    assert "Jailed for his street protests." in english
    assert "Sentenced to eight years." in english and "The record" in english
    assert "入狱" not in english

    simplified = page(case, "zh-hans")
    assert "他因街头抗议而入狱，这里是他的故事。" in simplified
    assert "被判处有期徒刑八年。" in simplified and "档案记录" in simplified
    assert "颠覆国家政权罪" in simplified
    assert "Jailed for" not in simplified and "Sentenced to" not in simplified

    traditional = page(case, "zh-hant")
    # OpenCC's Taiwan conversion of the Simplified text...
    assert "他因街頭抗議而入獄，這裡是他的故事。" in traditional
    assert "被判處有期徒刑八年。" in traditional and "檔案記錄" in traditional
    # ...unless the Traditional text was written by hand.
    assert "顛覆國家政權罪（手寫）" in traditional
    assert "街头" not in traditional and "这里" not in traditional


def test_a_fallback_is_marked_with_its_language(case):
    simplified = page(case, "zh-hans")
    assert re.search(r'<dd class="col-sm-8" lang="en">Blogger</dd>', simplified)
    # Texts in the reader's language carry no lang of their own.
    assert '<div class="prisoner-summary mb-4">' in simplified

    case.summary = ""
    case.save()
    english = page(case, "en")
    assert '<div class="prisoner-summary mb-4" lang="zh-Hans">' in english
    assert "他因街头抗议而入狱" in english


def test_a_traditional_text_written_by_hand_reaches_simplified_readers_converted(prisoner):
    prisoner.summary_zh_hant = "這裡是他寫給家人的信。"
    prisoner.save()
    assert "这里是他写给家人的信。" in page(prisoner, "zh-hans")
    assert "這裡是他寫給家人的信。" in page(prisoner, "zh-hant")


def test_the_reminder_email_carries_the_news_in_the_volunteers_script(case, volunteer):
    volunteer.language = "zh-hant"
    volunteer.save()
    defend(volunteer, case)
    CaseEvent.objects.create(  # news since the adoption began
        prisoner=case,
        date=datetime.date(2026, 11, 2),
        kind="health",
        text="Reported ill.",
        text_zh_hans="据报他在狱中患病。",
    )
    reminder = OutgoingEmail.objects.create(
        volunteer=volunteer, prisoner=case, kind="reminder", period="2026-W48"
    )
    message = emails.build_message(reminder)
    assert "據報他在獄中患病。" in message.body
    assert "據報他在獄中患病。" in message.alternatives[0][0]
    assert "Reported ill" not in message.body


def test_an_organizer_adds_an_event_in_chinese_only(org, case):
    response = org.post(
        reverse("organize:add_event", args=[case.slug]),
        {"when": "2026-03", "kind": "trial", "text_zh_hans": "在天津秘密开庭。"},
    )
    assert response.status_code == 302
    event = CaseEvent.objects.get(kind="trial")
    assert (event.text, event.text_zh_hans) == ("", "在天津秘密开庭。")


def test_the_add_event_form_offers_both_languages_each_marked(org, case):
    form = org.get(reverse("organize:add_event", args=[case.slug])).content.decode()
    assert re.search(r'<textarea name="text"[^>]* lang="en"', form)
    assert re.search(r'<textarea name="text_zh_hans"[^>]* lang="zh-Hans"', form)
    assert re.search(r'<textarea name="text_zh_hant"[^>]* lang="zh-Hant"', form)


def test_a_release_records_its_default_words_in_both_languages(org, case):
    form = org.get(reverse("organize:mark_released", args=[case.slug])).content.decode()
    assert "Released." in form
    with translation.override("zh-hans"):
        assert translation.gettext("Released.") in form


def test_transliterated_names_keep_their_sounds_in_traditional():
    assert chinese.to_traditional("阿卜杜克里姆•阿卜杜外力") == "阿卜杜克里姆•阿卜杜外力"
    assert chinese.to_traditional("牙里坤·肉孜") == "牙里坤·肉孜"
    # The dictionary changes names only: 这里 is still 這裡.
    assert chinese.to_traditional("这里") == "這裡"


def test_every_name_of_the_real_list_converts_both_ways():
    with CSV.open(encoding="utf-8") as file:
        names = [row["Name"] for row in csv.DictReader(file)]
    assert len(names) > 900
    for name in names:
        traditional = chinese.to_traditional(name)
        # (The list writes a few names in Traditional characters already: 呂加平.)
        assert chinese.to_simplified(traditional) == chinese.to_simplified(name), name
        assert "裏" not in traditional and "裡" not in traditional, name


def test_a_conversion_is_done_once_per_text():
    chinese.to_traditional.cache_clear()
    for _ in range(50):
        chinese.to_traditional("刘晓波在锦州监狱")
    info = chinese.to_traditional.cache_info()
    assert (info.misses, info.hits) == (1, 49)


def test_the_coverage_export_writes_chinese_names_in_the_organizers_script(org_client, case):
    reauthenticate(org_client)
    org_client.cookies["django_language"] = "zh-hant"
    response = org_client.get(reverse("organize:export_coverage"))
    body = b"".join(response.streaming_content).decode("utf-8")
    assert "吳淦" in body and "吴淦" not in body


def test_the_volunteers_own_export_names_the_prisoner_in_their_script(client, volunteer, case):
    defend(volunteer, case)
    client.force_login(volunteer)
    reauthenticate(client)
    client.cookies["django_language"] = "zh-hant"
    response = client.get(reverse("campaigns:export"))
    body = (
        b"".join(response.streaming_content) if response.streaming else response.content
    ).decode()
    assert "吳淦" in body and "吴淦" not in body
