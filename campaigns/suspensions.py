""" "My account was suspended": a volunteer reports that a platform suspended their
account (/me/suspended/), and carries on with a new one. Nothing of theirs is deleted:
their posts keep counting for their weeks and their streak, their credit stays. The
report is counted, anonymously, by the public record (AccountSuspension).
"""

import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import AccountSuspension, Adoption, Post, VolunteerSettings

# A second report of the same platform within this time is the same suspension (a
# double tap, a second tab, a reload).
SAME_REPORT = datetime.timedelta(days=1)
# Where an account can be suspended: not a letter, a blog of one's own or "other".
PLATFORMS = [
    choice
    for choice in Post.Platform.choices
    if choice[0] not in (Post.Platform.LETTER, Post.Platform.BLOG, Post.Platform.OTHER)
]


class SuspensionForm(forms.Form):
    platform = forms.ChoiceField(
        label=gettext_lazy("Where was your account suspended?"),
        choices=PLATFORMS,
        widget=forms.RadioSelect,
    )
    forget_mastodon_server = forms.BooleanField(
        label=gettext_lazy("Forget my Mastodon server: I will set my new one in the settings"),
        required=False,
    )


def report(*, volunteer, platform: str, forget_mastodon_server: bool = False) -> bool:
    """Record that `platform` suspended `volunteer`'s account; False when they had
    reported it already within a day (no second row). The prisoner is the one they
    defend (else support) now, if any. On request, their Mastodon server is forgotten,
    so that "Post on Mastodon" asks for the new one."""
    now = timezone.now()
    with transaction.atomic():
        # The volunteer's own row, locked: two reports of theirs at once (a double tap)
        # wait for each other, and the second finds the first.
        get_user_model().objects.select_for_update().filter(pk=volunteer.pk).first()
        again = AccountSuspension.objects.filter(
            volunteer=volunteer, platform=platform, reported_at__gt=now - SAME_REPORT
        ).exists()
        if not again:
            adoption = (
                Adoption.objects.active()
                .filter(volunteer=volunteer)
                .order_by("role", "started_at")
                .first()
            )
            AccountSuspension.objects.create(
                volunteer=volunteer,
                prisoner_id=adoption.prisoner_id if adoption else None,
                platform=platform,
                reported_at=now,
            )
        if forget_mastodon_server and platform == Post.Platform.MASTODON:
            VolunteerSettings.objects.filter(volunteer=volunteer).update(mastodon_instance="")
    return not again


@login_required
def report_suspension(request):
    initial = {"platform": request.GET.get("platform", "")}
    form = SuspensionForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        platform = form.cleaned_data["platform"]
        report(
            volunteer=request.user,
            platform=platform,
            forget_mastodon_server=form.cleaned_data["forget_mastodon_server"],
        )
        messages.success(
            request,
            _(
                "Thank you for telling us: it is counted. Carry on with a new %(platform)s "
                "account: your posts, your weeks and your credit all stay."
            )
            % {"platform": Post.Platform(platform).label},
        )
        return redirect("campaigns:me")
    status = 400 if form.is_bound else 200
    return render(request, "campaigns/account_suspended.html", {"form": form}, status=status)
