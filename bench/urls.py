"""The site's URLs plus a bare "hello" view: the baseline the pages are measured against."""

from django.http import HttpResponse
from django.urls import path

from advocacy.urls import urlpatterns as site_urlpatterns


def hello(request):
    return HttpResponse("hello")


urlpatterns = [path("bench/hello/", hello), *site_urlpatterns]
