from django.urls import path

from retaliation import views

app_name = "retaliation"

urlpatterns = [
    path("", views.incident_list, name="incident_list"),
    path("new/", views.incident_create, name="incident_create"),
    path("from-message/<int:message_id>/", views.incident_from_message, name="incident_from_message"),
    path("<int:incident_id>/", views.incident_detail, name="incident_detail"),
    path("<int:incident_id>/verify/", views.incident_verify, name="incident_verify"),
    path("<int:incident_id>/finding/", views.incident_conclude, name="incident_conclude"),
    path("<int:incident_id>/perpetrators/", views.perpetrator_add, name="perpetrator_add"),
    path("<int:incident_id>/sanctions/", views.sanction_add, name="sanction_add"),
    path("<int:incident_id>/heads/", views.head_add, name="head_add"),
    path("personnel/", views.personnel, name="personnel"),
    path("personnel/import/", views.personnel_import, name="personnel_import"),
    path("personnel/template.csv", views.personnel_template_csv, name="personnel_template_csv"),
    path("personnel/template.xlsx", views.personnel_template_xlsx, name="personnel_template_xlsx"),
    path("alerts/", views.alert_list, name="alert_list"),
    path("false-reports/", views.false_report_list, name="false_report_list"),
    path("false-reports/new/", views.false_report_create, name="false_report_create"),
    path("commendations/", views.commendation_list, name="commendation_list"),
    path("commendations/new/", views.commendation_create, name="commendation_create"),
]
