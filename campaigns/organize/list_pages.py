"""Each list of the dashboard on its own pages, all of it: the dashboard shows the first
rows and the total, and links here. Paginated with the total (a count and a page: two
queries, whatever the size of the list). Access is the gate's business."""

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from . import lists

PER_PAGE = 50


def _page(request, rows):
    return Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))


@never_cache
def uncovered(request):
    page = _page(request, lists.uncovered_prisoners())
    return render(request, "organize/list_uncovered.html", {"page": page})


@never_cache
def quiet(request):
    page = _page(request, lists.quiet_adoptions())
    return render(request, "organize/list_quiet.html", {"page": page})


@never_cache
def failed(request):
    page = _page(request, lists.failed_email_rows())
    return render(request, "organize/list_failed.html", {"page": page})


@never_cache
def vetting(request):
    page = _page(request, lists.volunteers_to_vet())
    context = {"page": page, "needs_approval": settings.VOLUNTEERS_NEED_APPROVAL}
    return render(request, "organize/list_vetting.html", context)
