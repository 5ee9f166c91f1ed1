"""The campaign the standards run looks at (tests/browser/test_standards.py): something on
every page (a photo, a timeline, posts, a chart, an audit log, a second page of the
list), and the forms it sends wrong on purpose to see their errors."""

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from campaigns import figures, services, tokens
from campaigns.models import AuditEntry, OutgoingEmail
from campaigns.organize import importing
from prisoners.images import reencode_photo
from prisoners.models import CaseEvent, Priority, Source, Status

LIST_PAGE = 24  # prisoners a page of /prisoners/ shows


def _photo() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (300, 400), (120, 90, 80)).save(buffer, format="JPEG")
    return SimpleUploadedFile("portrait.jpg", buffer.getvalue(), content_type="image/jpeg")


def _prisoners(make_prisoner) -> dict:
    defended = make_prisoner(
        native_name="吴淦",
        status=Status.SENTENCED,
        detained_on=datetime.date(2015, 5, 19),
        region="福建",
        place="莆田",
        hashtag="FreeWuGan",
    )
    CaseEvent.objects.create(
        prisoner=defended,
        date=datetime.date(2017, 12, 26),
        kind="verdict",
        text="Sentenced to eight years for subversion.",
        source_url="https://example.org/verdict",
    )
    Source.objects.create(prisoner=defended, url="https://example.org/case", title="Case")
    with_photo = make_prisoner(
        native_name="许志永", status=Status.DETAINED, priority=Priority.URGENT
    )
    with_photo.photo.save("portrait.jpg", reencode_photo(_photo()))
    found = {
        "defended": defended,
        "with_photo": with_photo,
        "supported": make_prisoner(native_name="王全璋", status=Status.DETAINED),
        "released": make_prisoner(native_name="江天勇", status=Status.RELEASED),
        "died": make_prisoner(
            native_name="刘晓波", status=Status.DIED, death_date=datetime.date(2017, 7, 13)
        ),
    }
    for n in range(LIST_PAGE):  # a second page of the list
        make_prisoner(name=f"Filler Prisoner {n}")
    return found


def _activity(volunteer, other, organizer, found) -> dict:
    """Claims, a post, the weekly figures, a failed email and audit rows; the ids the
    matrices' paths need."""
    services.claim_prisoner(volunteer=volunteer, prisoner=found["defended"])
    services.support_prisoner(volunteer=volunteer, prisoner=found["supported"])
    services.claim_prisoner(volunteer=other, prisoner=found["with_photo"])
    post = services.log_post(
        volunteer=volunteer,
        prisoner=found["defended"],
        fields={"platform": "mastodon", "link": "https://mastodon.social/@lotus/1"},
    )
    figures.snapshot()
    OutgoingEmail.objects.create(
        volunteer=other, period="2026-W01", kind="nudge", status="failed", last_error="550"
    )
    AuditEntry.objects.create(
        actor=organizer,
        action="approve",
        target=f"volunteer {other.pk}",
        before={"approved_at": None},
        after={"approved_at": "2026-01-02T10:00:00+00:00"},
    )
    AuditEntry.objects.create(actor=None, action="sign_in_failed", outcome="refused")
    return {
        "post": post.pk,
        "volunteer": other.pk,
        "log_token": tokens.make(tokens.LOG_POST, volunteer, p=found["defended"].pk),
        "pause_token": tokens.make(tokens.PAUSE, volunteer),
        "unsubscribe_token": tokens.make(tokens.UNSUBSCRIBE, volunteer),
    }


def build_world(make_user, make_prisoner, make_organizer) -> dict:
    """The people the run signs in as, and what fills the matrices' paths (`slots`)."""
    volunteer = make_user(display_name="Lotus")
    other = make_user(display_name="Bamboo")
    organizer = make_organizer()
    found = _prisoners(make_prisoner)
    slots = {name: prisoner.slug for name, prisoner in found.items()}
    slots["prisoner"] = slots["defended"]
    slots.update(_activity(volunteer, other, organizer, found))
    slots["job"] = _previewed_import(organizer)
    return {"volunteer": volunteer, "organizer": organizer, "slots": slots}


def _previewed_import(organizer) -> int:
    """An import checked by the worker's code and waiting for its confirmation."""
    text = (
        "Name,Gender,Date of Birth,Date of Death,Place,Sentence,Source\n"
        "丁家喜,男,1967,,北京,2034-04-11,https://example.org/ding\n"
        "常玮平,M,1984-08021,,陕西,life,https://example.org/chang\n"
    )
    job = importing.start(
        organizer=organizer, text=text, filename="prisoners.csv", draft=False, language="en"
    )
    importing.check(job.pk)
    return job.pk


# Forms sent wrong on purpose: the page that shows their errors is checked too. Each is
# a step of a lane (test_standards.Lane): a generator that pauses while axe runs.
MAIN_FORM_BUTTON = "main form[method=post] [type=submit]"


def submit(lane, path: str, fields: dict, expected: int = 200, label: str = "sent"):
    """Open `path`, fill `fields` (name -> value, or a file), send the form, check the answer."""
    lane.page.goto(lane.base + path)
    for name, value in fields.items():
        field = lane.page.locator(f"main [name={name}]")
        if isinstance(value, dict):
            field.set_input_files(value)
        else:
            field.fill(value)
    with lane.page.expect_navigation() as navigation:
        lane.page.locator(MAIN_FORM_BUTTON).first.click()
    yield from lane.check(f"{path} ({label})", navigation.value, expected)


def failed_sign_in(lane, world):
    email = world["volunteer"].email
    yield from submit(lane, "/accounts/login/", {"login": email, "password": "not the password"})


def failed_sign_up(lane, world):
    fields = {"email": "new@example.org", "password1": "short", "password2": "other"}
    yield from submit(lane, "/accounts/signup/", fields)


def too_many_attempts(lane, world):
    """Password resets for one address until allauth says 429 (the sixth)."""
    path = "/accounts/password/reset/"
    for _ in range(6):
        lane.page.goto(lane.base + path)
        lane.page.locator("main [name=email]").fill("flood@example.org")
        with lane.page.expect_navigation() as navigation:
            lane.page.locator(MAIN_FORM_BUTTON).first.click()
        if navigation.value.status == 429:
            break
    yield from lane.check(f"{path} (too often)", navigation.value, 429)


def refused_display_name(lane, world):
    fields = {"profile-display_name": "act now: https://evil.example/verify"}
    yield from submit(lane, "/me/settings/", fields, expected=400)


def bad_post_link(lane, world):
    yield from submit(lane, "/me/", {"link": "not a link"}, expected=400)


def wrong_password_again(lane, world):
    yield from submit(lane, "/accounts/reauthenticate/", {"password": "not the password"})


def empty_event(lane, world):
    path = f"/organize/prisoners/{world['slots']['defended']}/event/"
    yield from submit(lane, path, {}, expected=400)


def reassign_search(lane, world):
    """The reassign page's search results (radio buttons), then the choice left empty."""
    path = f"/organize/prisoners/{world['slots']['defended']}/reassign/?q=o"
    response = lane.page.goto(lane.base + path)
    yield from lane.check(f"{path} (found)", response, 200)
    with lane.page.expect_navigation() as navigation:
        lane.page.locator(MAIN_FORM_BUTTON).first.click()
    yield from lane.check(f"{path} (nobody chosen)", navigation.value, 400)


def _csv(text: str) -> dict:
    return {"name": "prisoners.csv", "mimeType": "text/csv", "buffer": text.encode()}


def import_preview(lane, world):
    csv = (
        "Name,Gender,Date of Birth,Date of Death,Place,Sentence,Source\n"
        "丁家喜,Male,1967,,北京,2034-04-11,https://example.org/ding\n"
        "常玮平,Male,1984-08021,,陕西,life,https://example.org/chang\n"
    )
    yield from submit(lane, "/organize/import/", {"file": _csv(csv)}, label="preview")


def import_bad_file(lane, world):
    file = _csv("not,a,prisoner,list\n")
    yield from submit(lane, "/organize/import/", {"file": file}, expected=400, label="refused")


FORMS = {
    "anonymous": [failed_sign_in, failed_sign_up, too_many_attempts],
    "volunteer": [refused_display_name, bad_post_link, wrong_password_again],
    "organizer": [empty_event, import_preview, import_bad_file, reassign_search],
}
