"""/organize/posts/: every post, newest first, so that empty or fake activity shows.

Filtered by volunteer and prisoner it is the adoption's record (the adoption's admin
page links here for more than its last posts). Access is the gate's business.
"""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from .forms import PostsFilterForm
from .lists import posts_newest_first

POSTS_PER_PAGE = 50


@never_cache
def posts(request):
    form = PostsFilterForm(request.GET)
    found = posts_newest_first()
    if form.is_valid():
        for field in ("volunteer", "prisoner"):
            if form.cleaned_data[field]:
                found = found.filter(**{field: form.cleaned_data[field]})
    else:
        found = found.none()
    page = Paginator(found, POSTS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "organize/posts.html",
        {"form": form, "page": page, "query": query.urlencode()},
        status=200 if form.is_valid() else 400,
    )
