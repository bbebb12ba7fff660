from django.urls import path

from gongkai.portal import feeds, views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("agencies/<str:code>/", views.agency_home, name="agency_home"),
    path("agencies/<str:code>/guide/", views.agency_guide, name="agency_guide"),
    path("agencies/<str:code>/rules/", views.agency_rules, name="agency_rules"),
    path("agencies/<str:code>/catalogue/", views.agency_catalogue, name="agency_catalogue"),
    path("agencies/<str:code>/policies/", views.agency_policies, name="agency_policies"),
    path("agencies/<str:code>/reports/", views.agency_reports, name="agency_reports"),
    path("agencies/<str:code>/apply/", views.agency_apply, name="agency_apply"),
    path("records/", views.record_list, name="record_list"),
    path("records/<int:pk>/", views.record_detail, name="record_detail"),
    path(
        "records/<int:pk>/attachments/<int:attachment_pk>/",
        views.attachment_download,
        name="attachment_download",
    ),
    path("search/", views.search, name="search"),
    path("font-size/", views.font_size, name="font_size"),
    path("feeds/<str:code>/", feeds.AgencyFeed(), name="feed"),
    path("feeds/<str:code>/<str:category>/", feeds.AgencyFeed(), name="feed_category"),
    path("sitemap.xml", feeds.sitemap, name="sitemap"),
]
