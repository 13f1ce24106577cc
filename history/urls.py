from django.urls import path

from history import views

app_name = "history"

urlpatterns = [
    path("", views.home, name="home"),
    path("import/<slug:kind>/", views.import_register, name="import"),
    path("import/<slug:kind>/template.csv", views.import_template, {"fmt": "csv"}, name="template_csv"),
    path("import/<slug:kind>/template.xlsx", views.import_template, {"fmt": "xlsx"}, name="template_xlsx"),
    path("batches/", views.batch_list, name="batch_list"),
    path("batches/<int:batch_id>/", views.batch_detail, name="batch_detail"),
    path("batches/<int:batch_id>/undo/", views.batch_undo, name="batch_undo"),
    path("aggregates/", views.aggregate_list, name="aggregate_list"),
    path("aggregates/enter/", views.aggregate_enter, name="aggregate_enter"),
    path("aggregates/<int:aggregate_id>/delete/", views.aggregate_delete, name="aggregate_delete"),
]
