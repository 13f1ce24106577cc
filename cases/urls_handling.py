"""Routes of this part of case handling; ``cases.urls`` adds them under the "cases" namespace."""

from django.urls import path

from cases import views_handling

urlpatterns = [
    path("<int:petition_id>/classify/", views_handling.petition_classify, name="petition_classify"),
    path("<int:petition_id>/accused/", views_handling.petition_accused, name="petition_accused"),
    path("matters/<int:matter_id>/", views_handling.matter_detail, name="matter_detail"),
    path("matters/<int:matter_id>/declaration/", views_handling.matter_declare, name="matter_declare"),
    path("matters/<int:matter_id>/<slug:action>/", views_handling.matter_decide, name="matter_decide"),
    path("relations/", views_handling.relations, name="relations"),
    path("relations/<int:relation_id>/remove/", views_handling.relation_remove, name="relation_remove"),
]
