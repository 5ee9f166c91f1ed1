from django.urls import path

from . import actions, censorship, dashboard, exports, imports, list_pages, posts

app_name = "organize"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("volunteers/<int:pk>/approve/", actions.approve, name="approve"),
    path("volunteers/<int:pk>/suspend/", actions.suspend, name="suspend"),
    path("prisoners/<slug:slug>/reassign/", actions.reassign, name="reassign"),
    path("prisoners/<slug:slug>/end/", actions.end_adoption, name="end_adoption"),
    path("prisoners/<slug:slug>/event/", actions.add_event, name="add_event"),
    path("prisoners/<slug:slug>/released/", actions.mark_released, name="mark_released"),
    path("prisoners/<slug:slug>/died/", actions.mark_died, name="mark_died"),
    path("posts/", posts.posts, name="posts"),
    path("uncovered/", list_pages.uncovered, name="uncovered"),
    path("quiet/", list_pages.quiet, name="quiet"),
    path("failed/", list_pages.failed, name="failed"),
    path("vetting/", list_pages.vetting, name="vetting"),
    path("removals/", censorship.removals, name="removals"),
    path("suspended/", censorship.suspended, name="suspended"),
    path("suspended/posts/", censorship.suspended_posts, name="suspended_posts"),
    path("audit/", actions.audit_log, name="audit"),
    path("import/", imports.import_prisoners, name="import"),
    path("import/<int:pk>/", imports.import_job, name="import_job"),
    path("import/<int:pk>/progress.json", imports.import_progress, name="import_progress"),
    path("export/prisoners.csv", exports.export_prisoners, name="export_prisoners"),
    path("export/coverage.csv", exports.export_coverage, name="export_coverage"),
    path("export/volunteers.csv", exports.export_volunteers, name="export_volunteers"),
]
