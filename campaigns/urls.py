from django.urls import path

from campaigns import views

app_name = "campaigns"

urlpatterns = [
    path("", views.campaign_list, name="campaign_list"),
    path("export.xlsx", views.campaign_export, name="campaign_export"),
    path("new/", views.campaign_create, name="campaign_create"),
    path("schedule/", views.schedule_create, name="schedule_create"),
    path("<int:campaign_id>/", views.campaign_detail, name="campaign_detail"),
    path("<int:campaign_id>/edit/", views.campaign_edit, name="campaign_edit"),
    path("<int:campaign_id>/recipients/add/", views.recipients_add, name="recipients_add"),
    path("<int:campaign_id>/start/", views.campaign_start, name="campaign_start"),
    path("<int:campaign_id>/close/", views.campaign_close, name="campaign_close"),
    path("<int:campaign_id>/progress.xlsx", views.campaign_status_xlsx, name="campaign_status_xlsx"),
    path("reports/<int:recipient_id>/", views.recipient_detail, name="recipient_detail"),
    path("reports/<int:recipient_id>/submit/", views.recipient_submit, name="recipient_submit"),
    path("reports/<int:recipient_id>/return/", views.recipient_return, name="recipient_return"),
    path("reports/<int:recipient_id>/accept/", views.recipient_accept, name="recipient_accept"),
    path("reports/<int:recipient_id>/export/", views.recipient_export, name="recipient_export"),
    path("reports/<int:recipient_id>/remove/", views.recipient_remove, name="recipient_remove"),
    path("reports/<int:recipient_id>/due/", views.recipient_due, name="recipient_due"),
    path("reports/<int:recipient_id>/files/", views.files_upload, name="files_upload"),
    path("files/<int:file_id>/", views.file_download, name="file_download"),
    path("files/<int:file_id>/delete/", views.file_delete, name="file_delete"),
]
