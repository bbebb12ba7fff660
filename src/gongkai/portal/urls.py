from django.urls import path

from gongkai.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("agencies/<str:code>/guide/", views.agency_guide, name="agency_guide"),
]
