"""Back-office pages of this app, under /staff/reports/ (namespace ``reports``)."""

from django.urls import path

from gongkai.reports import rollup_views, views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.report_create, name="report_create"),
    path("import/", views.report_import, name="report_import"),
    path("log/", views.work_log, name="work_log"),
    path("log/<int:pk>/delete/", views.work_log_delete, name="work_log_delete"),
    path("county/", rollup_views.rollup, name="rollup"),
    path("county/check/", rollup_views.rollup_check, name="rollup_check"),
    path("county/reports.xlsx", rollup_views.rollup_xlsx, name="rollup_xlsx"),
    path(
        "county/cells/<str:table>/<str:row>/<str:col>/",
        rollup_views.rollup_cell,
        name="rollup_cell",
    ),
    path("county/deadline/", views.town_deadline, name="town_deadline"),
    path("<int:pk>/", views.report_detail, name="report_detail"),
    path("<int:pk>/figures/", views.figures_edit, name="figures_edit"),
    path("<int:pk>/text/", views.narrative_edit, name="narrative_edit"),
    path("<int:pk>/text/<str:part>/redraft/", views.redraft, name="redraft"),
    path("<int:pk>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/cells/<str:table>/<str:row>/<str:col>/", views.cell_records, name="cell"),
    path("<int:pk>/report.<str:fmt>", views.download, name="download"),
]
