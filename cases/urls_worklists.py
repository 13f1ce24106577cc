"""Routes of this part of case handling; ``cases.urls`` adds them under the "cases" namespace."""

from django.urls import path

from cases import views_worklists

urlpatterns = [
    path("work/", views_worklists.worklist_home, name="worklists"),
    path("work/<slug:name>/", views_worklists.worklist, name="worklist"),
]
