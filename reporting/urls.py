from django.urls import path

from reporting import views

app_name = "reporting"

urlpatterns = [
    path("", views.template_list, name="template_list"),
    path("export.xlsx", views.template_export, name="template_export"),
    path("<int:template_id>/", views.template_detail, name="template_detail"),
    path("<int:template_id>/copy/", views.template_copy, name="template_copy"),
    path("<int:template_id>/edit/", views.template_edit, name="template_edit"),
    path("<int:template_id>/preview/", views.template_preview, name="template_preview"),
    path("<int:template_id>/preview/export/", views.template_preview_export, name="template_preview_export"),
    path("<int:template_id>/sections/new/", views.section_create, name="section_create"),
    path("<int:template_id>/sections/<int:section_id>/edit/", views.section_edit, name="section_edit"),
    path("<int:template_id>/sections/<int:section_id>/move/", views.section_move, name="section_move"),
    path("<int:template_id>/sections/<int:section_id>/delete/", views.section_delete, name="section_delete"),
    path("<int:template_id>/sections/<int:section_id>/fields/new/", views.field_create, name="field_create"),
    path("<int:template_id>/fields/<int:field_id>/edit/", views.field_edit, name="field_edit"),
    path("<int:template_id>/fields/<int:field_id>/move/", views.field_move, name="field_move"),
    path("<int:template_id>/fields/<int:field_id>/delete/", views.field_delete, name="field_delete"),
    path("<int:template_id>/appendices/<int:appendix_id>/cells/", views.appendix_cells, name="appendix_cells"),
    path(
        "<int:template_id>/appendices/<int:appendix_id>/cells/<str:cell>/",
        views.appendix_cell_edit,
        name="appendix_cell_edit",
    ),
]
