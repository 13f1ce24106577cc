from django.urls import path

from portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("report/", views.submit, name="submit"),
    path("follow-up/", views.follow_up, name="follow_up"),
    path("follow-up/report/", views.report, name="report"),
    path("follow-up/end/", views.logout, name="logout"),
    path("language/<str:code>/", views.language, name="language"),
]
