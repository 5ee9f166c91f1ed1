"""Organizers' CSV exports: prisoners (re-importable), coverage, volunteers.

Streamed row by row from a server-side cursor (memory stays flat whatever the size),
UTF-8 with a BOM so that Excel reads Chinese names, every text cell neutralised against
spreadsheet formulas. Each export is audited and asks for the password again; the
volunteers export lists pseudonyms and counts, and email addresses only when the
organizer asked for them.
"""

import csv

from allauth.account.decorators import reauthentication_required
from django.contrib.auth import get_user_model
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from advocacy.access import organizers_only
from prisoners import chinese, importer
from prisoners.dates import partial
from prisoners.models import Priority, Prisoner, Source, Status

from ..audit import record
from ..figures import coverage
from ..models import Adoption, AuditEntry, Post
from .data_forms import VolunteerExportForm

# Rows fetched per round trip by the exports' server-side cursors.
CHUNK_SIZE = 2000
# Bytes gathered before a piece of an export is sent.
_FLUSH_AT = 64 * 1024

# What a spreadsheet may read as the start of a formula (OWASP "CSV injection"), with
# the full-width forms that some spreadsheets in East Asian locales accept as well.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")

# prisoners.csv: the importer's columns first, so that the file can be imported again,
# then what an organizer needs besides.
PRISONER_EXTRA_COLUMNS = ["Slug", "English name", "Status", "Priority", "Published", "Summary"]
PRISONER_COLUMNS = [*importer.COLUMNS, *PRISONER_EXTRA_COLUMNS]
_SENTENCE_WORDS = {value: word for word, value in importer.SENTENCE_WORDS.items()}
_SENTENCE_WORDS[""] = ""


def neutralise(cell):
    """A cell a spreadsheet shows as text, never runs as a formula.

    Text starting with = + - @ (or a tab, a carriage return, their full-width forms)
    gets a leading single quote; numbers stay numbers; None is an empty cell.
    """
    if cell is None:
        return ""
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        return cell
    text = str(cell)
    if text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


class _Buffer:
    def __init__(self):
        self.parts: list[str] = []
        self.size = 0

    def write(self, text: str) -> None:
        self.parts.append(text)
        self.size += len(text)

    def take(self) -> str:
        text = "".join(self.parts)
        self.parts, self.size = [], 0
        return text


def _csv_lines(header, rows):
    """The CSV text in pieces of about 64 KB, BOM first (Excel then reads UTF-8)."""
    buffer = _Buffer()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow([neutralise(cell) for cell in header])
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
        if buffer.size >= _FLUSH_AT:
            yield buffer.take()
    yield buffer.take()


def _csv_response(name: str, header, rows) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        _csv_lines(header, rows), content_type="text/csv; charset=utf-8"
    )
    filename = f"{name}-{timezone.now():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store, private"
    return response


def _day(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "tzinfo"):
        value = timezone.localtime(value).date()
    return value.isoformat()


def _partial_iso(date, precision) -> str:
    value = partial(date, precision)
    return value.iso() if value else ""


def _priority_word(value: int) -> str:
    try:
        return Priority(value).name.lower()
    except ValueError:
        return str(value)


def _prisoner_rows():
    sources = ArraySubquery(
        Source.objects.filter(prisoner=OuterRef("pk")).order_by("position", "pk").values("url")
    )
    rows = (
        Prisoner.objects.order_by("pk")
        .annotate(source_urls=sources)
        .values_list(
            "native_name",
            "name",
            "gender",
            "birth_date",
            "birth_date_precision",
            "death_date",
            "death_date_precision",
            "place",
            "sentence",
            "sentence_end",
            "sentence_end_precision",
            "source_urls",
            "slug",
            "status",
            "priority",
            "is_published",
            "summary",
        )
    )
    for (
        native_name,
        name,
        gender,
        born,
        born_precision,
        died,
        died_precision,
        place,
        sentence,
        sentence_end,
        sentence_end_precision,
        source_urls,
        slug,
        status,
        priority,
        published,
        summary,
    ) in rows.iterator(chunk_size=CHUNK_SIZE):
        if sentence == "term":
            sentence_cell = _partial_iso(sentence_end, sentence_end_precision)
        else:
            sentence_cell = _SENTENCE_WORDS.get(sentence, sentence)
        yield [
            native_name or name,
            gender,
            _partial_iso(born, born_precision),
            _partial_iso(died, died_precision),
            place,
            sentence_cell,
            " ".join(source_urls or []),
            slug,
            name,
            status,
            _priority_word(priority),
            "yes" if published else "no",
            summary,
        ]


def _audit_export(request, which: str, **details) -> None:
    record(
        request.user, AuditEntry.Action.EXPORT, f"{which}.csv", after={"export": which, **details}
    )


@organizers_only
@require_http_methods(["GET"])
@reauthentication_required
def export_prisoners(request):
    """Every prisoner, published or not, in the importer's columns and a few more."""
    _audit_export(request, "prisoners")
    return _csv_response("prisoners", PRISONER_COLUMNS, _prisoner_rows())


def _coverage_rows(yes: str, no: str, words: dict, language: str):
    rows = (
        coverage.annotate(Prisoner.objects.all())
        .annotate(supporters=coverage.supporter_count())
        .order_by("-priority", "name", "pk")
        .values_list(
            "name",
            "native_name",
            "slug",
            "status",
            "priority",
            "is_published",
            "defended_since",
            "supporters",
        )
    )
    for name, native_name, slug, status, priority, published, since, n in rows.iterator(
        chunk_size=CHUNK_SIZE
    ):
        yield [
            name,
            chinese.in_script(native_name, language),
            slug,
            words.get(status, status),
            words.get(priority, priority),
            yes if published else no,
            yes if since else no,
            _day(since),
            n,
        ]


@organizers_only
@require_http_methods(["GET"])
@reauthentication_required
def export_coverage(request):
    """Who has a defender and how many supporters: counts only, never who they are."""
    _audit_export(request, "coverage")
    header = [
        _("Name"),
        _("Chinese name"),
        _("Slug"),
        _("Status"),
        _("Priority"),
        _("Published"),
        _("Has a defender"),
        _("Defender since"),
        _("Supporters"),
    ]
    # Words are translated now: the rows are written after the view has returned. This
    # file is a report, so statuses and priorities are words in the organizer's language
    # (the prisoners export keeps the importer's codes).
    words = {value: str(label) for value, label in (*Status.choices, *Priority.choices)}
    # Chinese names in the organizer's script, decided now for the same reason.
    rows = _coverage_rows(_("yes"), _("no"), words, translation.get_language())
    return _csv_response("coverage", header, rows)


def _volunteer_rows(*, include_emails: bool, labels: dict):
    active = Adoption.objects.active()
    defended = active.defenders().filter(volunteer=OuterRef("pk"))
    posts = Post.objects.filter(volunteer=OuterRef("pk")).order_by()
    fields = ["pk", "display_name", "date_joined", "defends", "supports", "post_count"]
    fields.append("last_post")
    if include_emails:
        fields.append("email")  # not even read from the database otherwise
    rows = (
        get_user_model()
        .objects.order_by("pk")
        .annotate(
            defends=Subquery(defended.values("prisoner__name")[:1]),
            supports=Exists(active.filter(volunteer=OuterRef("pk"), role=Adoption.Role.SUPPORTER)),
            post_count=Coalesce(
                Subquery(
                    posts.values("volunteer").annotate(n=Count("*")).values("n"),
                    output_field=IntegerField(),
                ),
                0,
            ),
            last_post=Subquery(posts.order_by("-posted_at").values("posted_at")[:1]),
        )
        .values_list(*fields)
    )
    defender, supporter, nameless = labels["defender"], labels["supporter"], labels["nameless"]
    for pk, display_name, joined, defends, supports, n, last_post, *email in rows.iterator(
        chunk_size=CHUNK_SIZE
    ):
        role = defender if defends else supporter if supports else ""
        pseudonym = display_name or nameless % {"id": pk}
        yield [pseudonym, _day(joined), role, defends, n, _day(last_post), *email]


@organizers_only
@require_http_methods(["GET", "POST"])
@reauthentication_required
def export_volunteers(request):
    """Who volunteers, by pseudonym, with counts; addresses only when asked for.

    The page and the download both need a password typed in the last few minutes
    (ACCOUNT_REAUTHENTICATION_TIMEOUT): a stolen session alone exports nothing.
    """
    form = VolunteerExportForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        include_emails = form.cleaned_data["include_emails"]
        _audit_export(request, "volunteers", emails=include_emails)
        header = [
            _("Pseudonym"),
            _("Joined"),
            _("Role now"),
            _("Prisoner defended"),
            _("Posts"),
            _("Last post"),
        ]
        if include_emails:
            header.append(_("Email address"))
        # Words are translated now: the rows are written after the view has returned.
        labels = {
            "defender": str(Adoption.Role.DEFENDER.label),
            "supporter": str(Adoption.Role.SUPPORTER.label),
            "nameless": _("Volunteer #%(id)s"),
        }
        rows = _volunteer_rows(include_emails=include_emails, labels=labels)
        return _csv_response("volunteers", header, rows)
    return render(request, "organize/export_volunteers.html", {"form": form})
