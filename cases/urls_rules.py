"""Routes of this part of case handling; ``cases.urls`` adds them under the "cases" namespace."""

from django.urls import path

from cases import views_rules

urlpatterns = [
    path("rules/", views_rules.rule_list, name="rule_list"),
    path("rules/<slug:step>/new/", views_rules.rule_change, name="rule_change"),
    path("notices/", views_rules.notice_list, name="notice_list"),
    path("notices/<int:template_id>/", views_rules.notice_edit, name="notice_edit"),
    path("inbox/", views_rules.inbox, name="inbox"),
    path("inbox/<int:notification_id>/read/", views_rules.notification_read, name="notification_read"),
    path("inbox/read-all/", views_rules.notifications_read_all, name="notifications_read_all"),
]
