import functools
import json

from allauth.account.decorators import reauthentication_required
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.db import IntegrityError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from prisoners import chinese
from prisoners.models import Prisoner

from . import comeback, cursors, my_data, services, writes
from .figures import coverage
from .forms import (
    DeleteAccountForm,
    HandBackForm,
    PostForm,
    ProfileForm,
    VolunteerSettingsForm,
    post_fields,
    quick_post,
)
from .models import Adoption

POSTS_PER_PAGE = 20
MAX_SKIP = 2**31 - 1


def _refused(request, refusal: services.Refused, prisoner: Prisoner | None = None):
    # "Support them instead" comes with the button, when that is still possible.
    can_support = (
        refusal.status == 409
        and prisoner is not None
        and prisoner.is_held
        and not _my_adoptions(request.user).filter(prisoner=prisoner).exists()
    )
    return render(
        request,
        "campaigns/refused.html",
        {"message": refusal.message, "prisoner": prisoner, "can_support": can_support},
        status=refusal.status,
    )


# What a claim reads of the prisoner: the id, the names its message and audit label show,
# the status and slug of a refusal's page (the statement checks status and publication
# itself, under its share lock). The long texts of the profile are not loaded.
CLAIM_FIELDS = ("id", "slug", "name", "native_name", "non_han", "pinyin", "status", "is_published")


def _commit(request, slug, service, fields=None):
    """Apply a Defend or Support `service` to a published prisoner.

    Returns (prisoner, None) when done, or (prisoner, response) with the answer to give:
    visitors are sent to sign in and back to the prisoner's page (not to the POST-only
    URL); a refusal is a page with the reason and its status (409 mostly).
    """
    if not request.user.is_authenticated:
        return None, redirect_to_login(reverse("prisoners:detail", args=[slug]))
    prisoners = Prisoner.objects.published()
    prisoner = get_object_or_404(prisoners.only(*fields) if fields else prisoners, slug=slug)
    try:
        service(volunteer=request.user, prisoner=prisoner)
    except services.Refused as refusal:
        return prisoner, _refused(request, refusal, prisoner)
    return prisoner, None


@require_POST
def defend(request, slug):
    if request.user.is_authenticated and not chinese.is_chinese(get_language()):
        # Most claims are made: one statement finds the prisoner by the slug and claims
        # them (its audit label names them as written, as this language shows them).
        # Anything else, a refusal or a lost race, is found again and explained below.
        try:
            adoption = writes.claim_by_slug(
                request.user, slug, need_approval=settings.VOLUNTEERS_NEED_APPROVAL
            )
        except IntegrityError:
            adoption = None
        if adoption:
            return _defending(request, adoption.prisoner)
    prisoner, refused = _commit(request, slug, services.claim_prisoner, CLAIM_FIELDS)
    if refused:
        return refused
    return _defending(request, prisoner)


def _defending(request, prisoner):
    messages.success(
        request,
        _("Thank you. You now defend %(name)s: post about them at least once a week.")
        % {"name": prisoner.primary_name()},
    )
    return _to_me()


def _to_me() -> HttpResponseRedirect:
    """redirect("campaigns:me"), after a claim or a post: the address reversed once per
    URLconf and script prefix (its ninety Python calls a request, issue 17)."""
    return HttpResponseRedirect(_reversed("campaigns:me", get_urlconf(), get_script_prefix()))


@functools.lru_cache(maxsize=16)
def _reversed(name: str, urlconf, prefix: str) -> str:
    return reverse(name, urlconf=urlconf)  # reads the prefix, as `prefix` holds it


@require_POST
def support(request, slug):
    prisoner, refused = _commit(request, slug, services.support_prisoner)
    if refused:
        return refused
    messages.success(request, _("You now support %(name)s.") % {"name": prisoner.primary_name()})
    return redirect(prisoner.get_absolute_url())


def _my_adoptions(user):
    return Adoption.objects.active().filter(volunteer=user).select_related("prisoner")


def _post_form(request, data=None, adoptions=None) -> PostForm:
    """The "log a post" form, about one of the prisoners this volunteer defends or supports."""
    if adoptions is None:
        adoptions = list(_my_adoptions(request.user).order_by("role", "started_at"))
    return PostForm(data, prisoners=[a.prisoner for a in adoptions])


@login_required
def posts(request):
    if request.method == "POST":
        return _log_post(request)
    mine = request.user.posts.select_related("prisoner").order_by("-posted_at", "-id")
    before = request.GET.get("before", "")
    mine = cursors.older_than(mine, before, "posted_at")
    page = list(mine[: POSTS_PER_PAGE + 1])
    has_more = len(page) > POSTS_PER_PAGE
    page = page[:POSTS_PER_PAGE]
    next_cursor = cursors.encode(page[-1].posted_at, page[-1].pk) if has_more else ""
    first = cursors.decode(before) is None
    return render(
        request,
        "campaigns/posts.html",
        {"posts": page, "next_cursor": next_cursor, "is_first_page": first},
    )


def _log_post(request):
    # Most posts are about a prisoner the volunteer defends or supports: the statement
    # that writes the post checks that (one query instead of loading their prisoners for
    # the form's choices first). Anything else is answered by the form with its choices.
    # Most posts are valid: their fields are cleaned by the form's rules without the form
    # (forms.quick_post); anything it does not decide is the form's.
    cleaned = quick_post(request.POST)
    if cleaned is None:
        quick = PostForm(request.POST, choice_checked_when_written=True)
        cleaned = quick.cleaned_data if quick.is_valid() else None
    if cleaned is not None:
        try:
            logged = services.log_post_about(
                volunteer=request.user, prisoner_id=cleaned["prisoner"], fields=post_fields(cleaned)
            )
        except services.AlreadyLogged:
            return _already_logged(request)
        except services.Refused:
            logged = None
        if logged:
            return _logged(request)
    return _log_post_with_choices(request)


def _logged(request):
    messages.success(request, _("Logged. Thank you for speaking up."))
    return _to_me()


def _already_logged(request):
    messages.info(request, _("You had logged this link already: it is in your log."))
    return _to_me()


def _log_post_with_choices(request):
    form = _post_form(request, request.POST)
    if not form.prisoners:
        messages.error(request, _("Choose a prisoner to defend or support first."))
        return redirect("campaigns:find")
    if form.is_valid():
        try:
            services.log_post(
                volunteer=request.user, prisoner=form.chosen_prisoner(), fields=form.post_fields()
            )
        except services.AlreadyLogged:
            return _already_logged(request)
        except services.Refused as refusal:
            form.add_error("link", refusal.message)
        else:
            return _logged(request)
    return render(request, "campaigns/log_post.html", {"form": form}, status=400)


@login_required
def delete_post(request, pk):
    post = get_object_or_404(request.user.posts.select_related("prisoner"), pk=pk)
    if request.method == "POST":
        services.delete_post(post)
        messages.success(request, _("The post was removed from your log."))
        return redirect("campaigns:posts")
    return render(request, "campaigns/delete_post.html", {"post": post})


@login_required
def hand_back(request):
    adoption = get_object_or_404(_my_adoptions(request.user).defenders())
    form = HandBackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.hand_back(adoption=adoption, note=form.cleaned_data["reason"])
        messages.success(
            request,
            _("You handed %(name)s back. Thank you for all you did.")
            % {"name": adoption.prisoner.primary_name()},
        )
        return redirect("campaigns:me")
    return render(request, "campaigns/hand_back.html", {"adoption": adoption, "form": form})


@login_required
def stop_supporting(request, slug):
    adoption = get_object_or_404(
        _my_adoptions(request.user).filter(role=Adoption.Role.SUPPORTER), prisoner__slug=slug
    )
    if request.method == "POST":
        services.stop_supporting(adoption=adoption)
        messages.success(
            request,
            _("You no longer support %(name)s.") % {"name": adoption.prisoner.primary_name()},
        )
        return redirect("campaigns:me")
    return render(request, "campaigns/stop_supporting.html", {"adoption": adoption})


@login_required
def volunteer_settings(request):
    prefs = services.settings_for(request.user)
    prefs.volunteer = request.user  # the form reads the volunteer's clock: no second query
    data = request.POST if request.method == "POST" else None
    profile_form = ProfileForm(data, instance=request.user, prefix="profile")
    settings_form = VolunteerSettingsForm(data, instance=prefs, prefix="settings")
    if data is not None and profile_form.is_valid() and settings_form.is_valid():
        services.update_settings(
            volunteer=request.user,
            profile=profile_form.save(commit=False),
            prefs=settings_form.save(commit=False),
        )
        messages.success(request, _("Your settings are saved."))
        response = redirect("campaigns:settings")
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, request.user.language)
        return response
    return render(
        request,
        "campaigns/settings.html",
        {"profile_form": profile_form, "settings_form": settings_form},
        status=400 if data is not None else 200,
    )


# Both need the password typed in the last few minutes (ACCOUNT_REAUTHENTICATION_TIMEOUT),
# like the organizers' exports: a stolen session alone neither copies nor deletes an account.
@login_required
@reauthentication_required
def export_my_data(request):
    data = json.dumps(my_data.export_data(request.user), ensure_ascii=False, indent=2)
    response = HttpResponse(data, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="my-campaign-data.json"'
    return response


@login_required
@reauthentication_required
def delete_account(request):
    form = DeleteAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.delete_account(volunteer=request.user)
        logout(request)
        messages.success(request, _("Your account and your personal data are deleted."))
        return redirect("home")
    return render(request, "campaigns/delete_account.html", {"form": form})


def find(request):
    """Propose the prisoner who most needs a defender; "another" shows the next one."""
    try:
        skip = max(int(request.GET.get("skip", 0)), 0)
    except (TypeError, ValueError):
        skip = 0
    # Past any real list, and beyond what an SQL OFFSET takes (a bigint): start again.
    skip = skip if skip <= MAX_SKIP else 0
    candidates = coverage.most_in_need(Prisoner.objects.all())
    found = list(candidates[skip : skip + 1])
    if not found and skip:
        skip = 0  # went past the end: start again from the most in need
        found = list(candidates[:1])
    my_defended = None
    if request.user.is_authenticated:
        mine = _my_adoptions(request.user).defenders().first()
        my_defended = mine.prisoner if mine else None
    return render(
        request,
        "campaigns/find.html",
        {
            "prisoner": found[0] if found else None,
            "next_skip": skip + 1,
            "my_defended": my_defended,
        },
    )


def _back(request):
    """Where a way back to the reminders returns: /me/ when pressed there."""
    return redirect("campaigns:me" if request.POST.get("back") == "me" else "campaigns:settings")


@login_required
@require_POST
def address_works(request):
    """The volunteer says their address works again: reminders are tried again."""
    comeback.address_works(volunteer=request.user)
    messages.success(request, _("Thank you. We will try your address again."))
    return _back(request)


@login_required
@require_POST
def resume(request):
    comeback.resume(volunteer=request.user)
    messages.success(request, _("Reminders are on again."))
    return _back(request)


@login_required
@require_POST
def resubscribe(request):
    comeback.resubscribe(volunteer=request.user)
    messages.success(
        request, _("You are subscribed again: reminders come in weeks without a post.")
    )
    return _back(request)
