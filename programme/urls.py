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
    path("disseminations/", views.dissemination_list, name="dissemination_list"),
    path("disseminations/new/", views.dissemination_create, name="dissemination_create"),
    path("disseminations/<int:record_id>/", views.dissemination_detail, name="dissemination_detail"),
    path("disseminations/<int:record_id>/edit/", views.dissemination_edit, name="dissemination_edit"),
    path("inspections/", views.inspection_list, name="inspection_list"),
    path("inspections/new/", views.inspection_create, name="inspection_create"),
    path("inspections/<int:record_id>/", views.inspection_detail, name="inspection_detail"),
    path("inspections/<int:record_id>/edit/", views.inspection_edit, name="inspection_edit"),
    path("propaganda/", views.propaganda_list, name="propaganda_list"),
    path("propaganda/new/", views.propaganda_create, name="propaganda_create"),
    path("propaganda/<int:record_id>/", views.propaganda_detail, name="propaganda_detail"),
    path("propaganda/<int:record_id>/edit/", views.propaganda_edit, name="propaganda_edit"),
]
