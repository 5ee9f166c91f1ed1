"""The site's URLs plus a bare "hello" view: the baseline the pages are measured against."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import path
from django.views.decorators.http import require_POST

from advocacy.urls import urlpatterns as site_urlpatterns


def hello(request):
    return HttpResponse("hello")


@login_required
@require_POST
def noop(request):
    """A signed-in POST that does nothing: the baseline of B3 and B4."""
    return HttpResponse(status=204)


urlpatterns = [path("bench/hello/", hello), path("bench/noop/", noop), *site_urlpatterns]
