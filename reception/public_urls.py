from django.urls import path

from reception import public_views

app_name = "reception_public"

urlpatterns = [
    path("", public_views.schedule, name="schedule"),
]
