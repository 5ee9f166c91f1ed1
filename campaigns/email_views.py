"""The pages behind the signed links of reminder emails.

They work without a session: the signed token names the volunteer and serves one
purpose only. GET never changes anything (mail scanners open links); the change is a
POST. The RFC 8058 one-click unsubscribe POST comes from mail clients, without
cookies or CSRF token, and answers 200.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from . import comeback, services, tokens
from .forms import PostForm
from .models import Adoption, VolunteerSettings


def _volunteer(purpose: str, token: str):
    data = tokens.read(purpose, token)
    users = get_user_model().objects.filter(**tokens.volunteer_lookup(data), is_active=True)
    user = users.first()
    if user is None:
        raise tokens.BadToken("no such volunteer")
    return user, data


def _bad_link(request):
    return render(
        request,
        "campaigns/bad_link.html",
        {"link_days": settings.REMINDER_LINK_MAX_AGE_DAYS},
        status=400,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def log_post_by_link(request, token):
    try:
        volunteer, data = _volunteer(tokens.LOG_POST, token)
    except tokens.BadToken:
        return _bad_link(request)
    adoption = (
        Adoption.objects.active()
        .filter(volunteer=volunteer, prisoner_id=data.get("p"))
        .select_related("prisoner")
        .first()
    )
    with translation.override(volunteer.language), timezone.override(volunteer.timezone):
        if adoption is None:
            reason = _("You no longer defend or support this prisoner.")
            return render(request, "campaigns/bad_link.html", {"reason": reason}, status=410)
        return _log_post_form(request, volunteer, adoption.prisoner)


def _log_post_form(request, volunteer, prisoner):
    """The form of the email's "log a post" link, in the volunteer's language and zone.

    Post/Redirect/Get: a logged post answers with a redirect to this page's `?logged`,
    so that a reload shows "logged" again instead of sending the form again.
    """
    if request.method == "GET" and request.GET.get("logged"):
        return _logged(request, volunteer, prisoner, already=request.GET["logged"] == "already")
    form = PostForm(request.POST if request.method == "POST" else None, prisoners=[prisoner])
    # The page has one purpose: the keyboard's paste goes straight into the link field,
    # so from the email to a logged post takes one tap, one paste and one tap.
    form.fields["link"].widget.attrs["autofocus"] = True
    if request.method == "POST" and form.is_valid():
        try:
            services.log_post(volunteer=volunteer, prisoner=prisoner, fields=form.post_fields())
        except services.AlreadyLogged:
            return HttpResponseRedirect(f"{request.path}?logged=already")
        except services.Refused as refusal:
            form.add_error("link", refusal.message)
        else:
            return HttpResponseRedirect(f"{request.path}?logged=1")
    context = {
        "form": form,
        "prisoner": prisoner,
        "volunteer": volunteer,
        "form_action": request.path,
    }
    return render(
        request,
        "campaigns/log_post_by_link.html",
        context,
        status=400 if form.is_bound else 200,
    )


def _logged(request, volunteer, prisoner, *, already: bool):
    """ "Logged", with the volunteer's latest post about the prisoner (the form if none)."""
    post = volunteer.posts.filter(prisoner=prisoner).order_by("-created_at", "-pk").first()
    if post is None:
        return HttpResponseRedirect(request.path)
    context = {"prisoner": prisoner, "post": post, "already": already}
    return render(request, "campaigns/logged_by_link.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def pause(request, token):
    try:
        volunteer, _data = _volunteer(tokens.PAUSE, token)
    except tokens.BadToken:
        return _bad_link(request)
    # The same link undoes the pause it made ("Resume reminders now").
    resumed = request.POST.get("action") == "resume"
    done = request.method == "POST" and not resumed
    if resumed:
        comeback.resume(volunteer=volunteer)
    until = services.pause(volunteer=volunteer) if done else services.pause_until(volunteer)
    with translation.override(volunteer.language):
        return render(
            request,
            "campaigns/pause.html",
            {
                "until": until,
                "done": done,
                "resumed": resumed,
                "days": settings.REMINDER_PAUSE_DAYS,
            },
        )


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    try:
        volunteer, _data = _volunteer(tokens.UNSUBSCRIBE, token)
    except tokens.BadToken:
        return _bad_link(request)
    if request.method == "POST":
        services.unsubscribe(volunteer=volunteer, how="email link")
        if request.POST.get("List-Unsubscribe") == "One-Click":
            # A mail client's one-click request (RFC 8058): a short plain answer.
            return HttpResponse(_("Unsubscribed."), content_type="text/plain; charset=utf-8")
    prefs = VolunteerSettings.objects.filter(volunteer=volunteer).first()
    with translation.override(volunteer.language):
        return render(
            request,
            "campaigns/unsubscribe.html",
            {
                "done": bool(prefs and prefs.unsubscribed_at),
                "settings_url": reverse("campaigns:settings"),
            },
        )
