from django.urls import path

from cases import urls_handling, urls_rules, urls_worklists, views

app_name = "cases"
urlpatterns = [
    path("", views.petition_list, name="petition_list"),
    path("new/", views.petition_create, name="petition_create"),
    path("access-log/", views.access_log, name="access_log"),
    path("<int:petition_id>/", views.petition_detail, name="petition_detail"),
    path("<int:petition_id>/original/", views.petition_original, name="petition_original"),
    path("<int:petition_id>/working-copy/", views.petition_register, name="petition_register"),
    path("<int:petition_id>/messages/", views.petition_reply, name="petition_reply"),
    path("<int:petition_id>/files/<int:attachment_id>/", views.attachment_working, name="attachment_working"),
    path(
        "<int:petition_id>/files/<int:attachment_id>/original/",
        views.attachment_original,
        name="attachment_original",
    ),
    path(
        "<int:petition_id>/files/<int:attachment_id>/release/",
        views.attachment_release,
        name="attachment_release",
    ),
]
urlpatterns += urls_handling.urlpatterns + urls_worklists.urlpatterns + urls_rules.urlpatterns
