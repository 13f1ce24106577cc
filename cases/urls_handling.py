"""Routes of this part of case handling; ``cases.urls`` adds them under the "cases" namespace."""

urlpatterns = []
