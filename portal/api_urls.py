from django.urls import path

from portal import api

app_name = "api"
urlpatterns = [
    path("schema/", api.schema, name="schema"),
]
