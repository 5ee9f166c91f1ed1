"""The installed app's share target (advocacy/webapp.py's manifest): a post shared from
the X app (or any other) to the campaign opens the form that logs it, link filled in.

Share sheets send `title`, `text` and `url` as the manifest names them; the X app puts
the post's link inside `text` ("… https://x.com/…/status/…"), others in `url`. The first
web address found is the link; nothing is saved until the volunteer sends the form.
"""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from .forms import PostForm
from .views import _my_adoptions

# A web address runs to the first space or non-ASCII character (a Chinese sentence
# often follows a link without a space); punctuation closing the sentence is not part of it.
WEB_ADDRESS = re.compile(r"https?://[!-~]+", re.IGNORECASE)
CLOSING_PUNCTUATION = ".,;:!?'\")]}>"
# What a share sheet sends beyond this is not a post's link (the form keeps 500).
MAX_LINK = 500


def shared_link(*texts: str) -> str:
    """The first http(s) address in `texts`, in order, or "" when none is usable."""
    for text in texts:
        found = WEB_ADDRESS.search(text)
        if found:
            link = found.group().rstrip(CLOSING_PUNCTUATION)
            return link if len(link) <= MAX_LINK else ""
    return ""


@login_required
@require_safe
def share_target(request):
    adoptions = list(_my_adoptions(request.user).order_by("role", "started_at"))
    if not adoptions:
        messages.error(request, _("Choose a prisoner to defend or support first."))
        return redirect("campaigns:find")
    link = shared_link(*(request.GET.get(name, "") for name in ("url", "text", "title")))
    prisoners = [adoption.prisoner for adoption in adoptions]
    form = PostForm(initial={"link": link}, prisoners=prisoners)
    return render(
        request,
        "campaigns/share_target.html",
        {"form": form, "link": link, "prisoner": prisoners[0] if len(prisoners) == 1 else None},
    )
