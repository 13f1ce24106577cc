from django.urls import path

from portal import api

app_name = "api"
urlpatterns = [
    path("portal/reports", api.reports, name="reports"),
    path("portal/session", api.session, name="session"),
    path("portal/report", api.report, name="report"),
    path("portal/messages", api.messages, name="messages"),
    path("schema/", api.schema, name="schema"),
]
