from django.urls import path

from workcal import views

app_name = "workcal"
urlpatterns = [
    path("", views.calendar, name="calendar"),
    path("<int:day_id>/remove/", views.day_remove, name="day_remove"),
]
