from django.urls import path

from exports import views

app_name = "exports"

urlpatterns = [
    path("", views.job_list, name="job_list"),
    path("<int:job_id>/", views.job_detail, name="job_detail"),
    path("<int:job_id>/download/", views.job_download, name="job_download"),
    path("<int:job_id>/delete/", views.job_delete, name="job_delete"),
]
