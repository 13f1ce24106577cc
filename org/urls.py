from django.urls import path

from org import views

app_name = "org"
urlpatterns = [
    path("", views.unit_list, name="unit_list"),
    path("new/", views.unit_create, name="unit_create"),
    path("import/", views.unit_import, name="unit_import"),
    path("import/template.csv", views.unit_import_template, name="unit_import_template"),
    path("<int:unit_id>/", views.unit_detail, name="unit_detail"),
    path("<int:unit_id>/edit/", views.unit_edit, name="unit_edit"),
]
