"""Organizers' actions on volunteers, adoptions and cases, and the audit log (S11).

Each action is a confirmation page: GET shows what will change and a form, POST does it
through one service of campaigns.organize.services and goes back to the page the organizer
came from (a `next` on this site: the profile, the dashboard), else to the dashboard. Access is
the gate's business (advocacy.access.OrganizerGateMiddleware): nothing here decides it.
"""

from collections.abc import Callable

from allauth.account.internal.flows.reauthentication import did_recently_reauthenticate
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from prisoners.models import Prisoner

from .. import audit, cursors
from ..models import Adoption, AuditEntry, VolunteerSettings
from ..services import Refused
from . import assignment, audit_words, services
from .forms import (
    CaseEventForm,
    CloseCaseForm,
    ConfirmForm,
    EndAdoptionForm,
    ReassignForm,
    SuspendForm,
    VolunteerSearchForm,
)
from .notes import notes_about

AUDIT_PER_PAGE = 50


def _back(request) -> str:
    """Where the organizer came from (`next`: the profile, a dashboard page, the admin),
    if it is on this site; else the dashboard."""
    target = request.POST.get("next") or request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("organize:dashboard")


def _confirm(request, form, template: str, context: dict, act: Callable[[], str]):
    """Render the confirmation page, or run `act` on a valid POST and go back to where the
    organizer came from (`next`, else the dashboard).

    `act` returns the success message; a refusal shows on the form with its status, an
    invalid form with 400.
    """
    back = _back(request)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                message = act()
            except Refused as refusal:
                form.add_error(None, refusal.message)
                status = refusal.status
            else:
                messages.success(request, message)
                return redirect(back)
    return render(request, template, {**context, "form": form, "back": back}, status=status)


def _data(request):
    # An empty POST is still a confirmation: the form is bound on every POST.
    return request.POST if request.method == "POST" else None


def _volunteer(pk: int):
    return get_object_or_404(get_user_model(), pk=pk)


def _prisoner(slug: str) -> Prisoner:
    return get_object_or_404(Prisoner, slug=slug)


def _defender(prisoner: Prisoner) -> Adoption | None:
    return (
        Adoption.objects.active()
        .defenders()
        .filter(prisoner=prisoner)
        .select_related("volunteer")
        .first()
    )


def _current_context(prisoner: Prisoner, current: Adoption | None) -> dict:
    """The prisoner, its defender and what organizers noted about the defender."""
    notes = notes_about(current.volunteer if current else None)
    return {"prisoner": prisoner, "current": current, "notes": notes}


def _volunteer_context(volunteer) -> dict:
    return {
        "volunteer": volunteer,
        "prefs": VolunteerSettings.objects.filter(volunteer=volunteer).first(),
        "adoptions": list(volunteer.adoptions.active().select_related("prisoner")),
        "notes": notes_about(volunteer),
    }


def approve(request, pk):
    volunteer = _volunteer(pk)

    def act() -> str:
        services.approve_volunteer(organizer=request.user, volunteer=volunteer)
        return _("%(name)s is approved and can now choose a prisoner.") % {
            "name": volunteer.display_name or volunteer.email
        }

    form = ConfirmForm(_data(request))
    return _confirm(request, form, "organize/approve.html", _volunteer_context(volunteer), act)


def suspend(request, pk):
    volunteer = _volunteer(pk)
    form = SuspendForm(_data(request))

    def act() -> str:
        services.suspend_volunteer(
            organizer=request.user, volunteer=volunteer, note=form.cleaned_data["note"]
        )
        return _("%(name)s is suspended.") % {"name": volunteer.display_name or volunteer.email}

    return _confirm(request, form, "organize/suspend.html", _volunteer_context(volunteer), act)


def reassign(request, slug):
    """Search eligible volunteers (GET ?q=), then assign the one chosen (POST)."""
    prisoner = _prisoner(slug)
    current = _defender(prisoner)
    # Addresses are searched and shown only to an organizer who re-entered their
    # password in the last ACCOUNT_REAUTHENTICATION_TIMEOUT seconds.
    by_email = did_recently_reauthenticate(request)
    data = _data(request)
    search = VolunteerSearchForm(request.GET, by_email=by_email)
    query = (data.get("query", "") if data else search.data.get("q", ""))[:254]
    found = assignment.search_volunteers(query, by_email=by_email)
    form = ReassignForm(
        data,
        initial={"expected": current and current.pk, "query": query},
        found=found,
        with_email=by_email,
        has_defender=current is not None,
    )

    def act() -> str:
        volunteer = form.cleaned_data["volunteer"]
        assignment.reassign_prisoner(
            organizer=request.user,
            prisoner=prisoner,
            volunteer=volunteer,
            expected_id=form.cleaned_data["expected"],
            reason=form.cleaned_data.get("reason", ""),
            note=form.cleaned_data.get("note", ""),
        )
        return _("%(volunteer)s now defends %(name)s.") % {
            "volunteer": str(volunteer),  # the pseudonym, or "Volunteer #12"
            "name": prisoner.primary_name(),
        }

    context = _current_context(prisoner, current)
    context.update(search=search, query=query, found=found, by_email=by_email)
    return _confirm(request, form, "organize/reassign.html", context, act)


def end_adoption(request, slug):
    prisoner = _prisoner(slug)
    current = _defender(prisoner)
    form = EndAdoptionForm(_data(request), initial={"expected": current and current.pk})

    def act() -> str:
        services.end_adoption(
            organizer=request.user,
            prisoner=prisoner,
            expected_id=form.cleaned_data["expected"],
            reason=form.cleaned_data["reason"],
            note=form.cleaned_data["note"],
        )
        return _("The adoption of %(name)s has ended.") % {"name": prisoner.primary_name()}

    context = _current_context(prisoner, current)
    return _confirm(request, form, "organize/end_adoption.html", context, act)


def add_event(request, slug):
    prisoner = _prisoner(slug)
    form = CaseEventForm(_data(request))

    def act() -> str:
        services.add_case_event(
            organizer=request.user,
            prisoner=prisoner,
            when=form.cleaned_data["when"],
            fields=form.event_fields(),
        )
        return _("The event is added to the timeline of %(name)s.") % {
            "name": prisoner.primary_name()
        }

    return _confirm(request, form, "organize/add_event.html", {"prisoner": prisoner}, act)


def _close_case(request, slug, service, words: dict):
    """The confirmation page of a release or a death; `words` are the page's own."""
    prisoner = _prisoner(slug)
    # The timeline's default words, in English and Chinese whatever the organizer reads.
    with translation.override("en"):
        default_text = str(words["default_text"])
    with translation.override("zh-hans"):
        default_text_zh = str(words["default_text"])
    form = CloseCaseForm(
        _data(request),
        when_label=words["when_label"],
        default_text=default_text,
        default_text_zh=default_text_zh,
    )

    def act() -> str:
        service(
            organizer=request.user,
            prisoner=prisoner,
            when=form.cleaned_data["when"],
            fields=form.event_fields(),
        )
        return words["done"] % {"name": prisoner.primary_name()}

    context = {
        "prisoner": prisoner,
        "current": _defender(prisoner),
        "title": words["title"] % {"name": prisoner.primary_name()},
        "button": words["button"],
        "dies": words["dies"],
    }
    return _confirm(request, form, "organize/close_case.html", context, act)


RELEASE_WORDS = {
    "title": gettext_lazy("Mark %(name)s released"),
    "when_label": gettext_lazy("Date of release"),
    "default_text": gettext_lazy("Released."),
    "button": gettext_lazy("Mark released"),
    "done": gettext_lazy("%(name)s is marked released."),
    "dies": False,
}
DEATH_WORDS = {
    "title": gettext_lazy("Mark %(name)s deceased"),
    "when_label": gettext_lazy("Date of death"),
    "default_text": gettext_lazy("Died."),
    "button": gettext_lazy("Mark deceased"),
    "done": gettext_lazy("%(name)s is marked deceased."),
    "dies": True,
}


def mark_released(request, slug):
    return _close_case(request, slug, services.mark_released, RELEASE_WORDS)


def mark_died(request, slug):
    return _close_case(request, slug, services.mark_died, DEATH_WORDS)


ORGANIZERS_ONLY = "organizers"


def audit_log(request):
    """Newest first, all of it, organizers' actions only, or one kind; keyset pages."""
    kind = request.GET.get("kind", "")
    entries = AuditEntry.objects.select_related("actor").order_by("-created_at", "-id")
    if kind == ORGANIZERS_ONLY:
        entries = entries.filter(action__in=AuditEntry.ORGANIZER_ACTIONS)
    elif kind in AuditEntry.Action.values:
        entries = entries.filter(action=kind)
    else:
        kind = ""
    before = request.GET.get("before", "")
    page = list(cursors.older_than(entries, before, "created_at")[: AUDIT_PER_PAGE + 1])
    older = ""
    if len(page) > AUDIT_PER_PAGE:
        page = page[:AUDIT_PER_PAGE]
        older = cursors.encode(page[-1].created_at, page[-1].pk)
    rows = [
        (entry, audit.volunteer_label(entry.actor) if entry.actor else "", audit_words.lines(entry))
        for entry in page
    ]
    kinds = [
        ("", _("Everything")),
        (ORGANIZERS_ONLY, _("Organizers' actions")),
        *AuditEntry.Action.choices,
    ]
    context = {
        "rows": rows,
        "kind": kind,
        "kinds": kinds,
        "older": older,
        "is_first_page": cursors.decode(before) is None,
    }
    return render(request, "organize/audit.html", context)
