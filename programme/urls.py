from django.urls import path

from programme import views

app_name = "programme"

urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("documents/", views.document_list, name="document_list"),
    path("documents/new/", views.document_create, name="document_create"),
    path("documents/<int:document_id>/", views.document_detail, name="document_detail"),
    path("documents/<int:document_id>/edit/", views.document_edit, name="document_edit"),
    path("documents/<int:document_id>/file/", views.document_file, name="document_file"),
    path("documents/<int:document_id>/tasks/new/", views.task_create, name="task_create"),
    path("tasks/", views.task_list, name="task_list"),
    path("tasks/<int:task_id>/", views.task_detail, name="task_detail"),
    path("tasks/<int:task_id>/edit/", views.task_edit, name="task_edit"),
    path("tasks/<int:task_id>/progress/", views.progress_create, name="progress_create"),
    path("progress/", views.progress_list, name="progress_list"),
    path("progress/<int:progress_id>/edit/", views.progress_edit, name="progress_edit"),
    path("progress/<int:progress_id>/file/", views.progress_file, name="progress_file"),
    path("due/", views.due_list, name="due_list"),
    path("due/overdue/", views.overdue_list, name="overdue_list"),
    path("due/<int:item_id>/edit/", views.due_item_edit, name="due_item_edit"),
]

# Disseminations, inspections and propaganda items: the same four pages each (``views.ACTIVITIES``).
ACTIVITY_PATHS = (("dissemination", "disseminations"), ("inspection", "inspections"), ("propaganda", "propaganda"))
for _name, _prefix in ACTIVITY_PATHS:
    _spec = {"spec": views.ACTIVITIES[_name]}
    urlpatterns += [
        path(f"{_prefix}/", views.activity_list, _spec, name=f"{_name}_list"),
        path(f"{_prefix}/new/", views.activity_form, _spec, name=f"{_name}_create"),
        path(f"{_prefix}/<int:record_id>/", views.activity_detail, _spec, name=f"{_name}_detail"),
        path(f"{_prefix}/<int:record_id>/edit/", views.activity_form, _spec, name=f"{_name}_edit"),
    ]
