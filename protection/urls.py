from django.urls import path

from protection import views

app_name = "protection"
urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("new/", views.case_create, name="case_create"),
    path("portal-requests/<int:message_id>/", views.portal_request, name="portal_request"),
    path("petitions/<int:petition_id>/", views.petition_request, name="petition_request"),
    path("<int:case_id>/", views.case_detail, name="case_detail"),
    path("<int:case_id>/person/", views.case_person, name="case_person"),
    path("<int:case_id>/decide/", views.case_decide, name="case_decide"),
    path("<int:case_id>/measures/", views.measure_add, name="measure_add"),
    path("<int:case_id>/measures/<int:measure_id>/", views.measure_change, name="measure_change"),
    path("<int:case_id>/requests/", views.request_add, name="request_add"),
    path("<int:case_id>/requests/<int:request_id>/", views.request_decide, name="request_decide"),
    path("<int:case_id>/checkins/", views.checkin_add, name="checkin_add"),
    path("<int:case_id>/checkins/<int:checkin_id>/", views.checkin_record, name="checkin_record"),
    path("<int:case_id>/end/", views.case_end, name="case_end"),
    path("<int:case_id>/timeline/", views.case_timeline, name="case_timeline"),
]
