from django.urls import path

from reception import views

app_name = "reception"

urlpatterns = [
    path("", views.session_list, name="session_list"),
    path("sessions/export.xlsx", views.session_export, name="session_export"),
    path("sessions/new/", views.session_create, name="session_create"),
    path("sessions/<int:session_id>/", views.session_detail, name="session_detail"),
    path("sessions/<int:session_id>/edit/", views.session_edit, name="session_edit"),
    path("sessions/<int:session_id>/visits/new/", views.visit_create, name="visit_create"),
    path("visits/", views.visit_list, name="visit_list"),
    path("visits/export.xlsx", views.visit_export, name="visit_export"),
    path("visits/<int:visit_id>/", views.visit_detail, name="visit_detail"),
    path("visits/<int:visit_id>/edit/", views.visit_edit, name="visit_edit"),
    path("visits/<int:visit_id>/petition/", views.visit_to_petition, name="visit_to_petition"),
    path("duty/", views.duty, name="duty"),
    path("duty/export.xlsx", views.duty_export, name="duty_export"),
    path("duty/units/<int:unit_id>/", views.duty_unit, name="duty_unit"),
    path("duty/rules/", views.duty_rules, name="duty_rules"),
    path("duty/rules/export.xlsx", views.duty_rule_export, name="duty_rule_export"),
    path("duty/rules/<int:rule_id>/edit/", views.duty_rule_edit, name="duty_rule_edit"),
]
