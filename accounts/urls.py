from django.urls import path

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("2fa/", views.otp_verify, name="otp_verify"),
    path("2fa/setup/", views.otp_setup, name="otp_setup"),
    path("security/", views.security, name="security"),
    path("", views.account_list, name="account_list"),
    path("new/", views.account_create, name="account_create"),
    path("<int:account_id>/", views.account_detail, name="account_detail"),
    path("<int:account_id>/edit/", views.account_edit, name="account_edit"),
    path("<int:account_id>/roles/", views.membership_add, name="membership_add"),
    path("<int:account_id>/roles/<int:membership_id>/end/", views.membership_end, name="membership_end"),
    path("<int:account_id>/deactivate/", views.account_set_active, {"active": False}, name="account_deactivate"),
    path("<int:account_id>/reactivate/", views.account_set_active, {"active": True}, name="account_reactivate"),
    path("<int:account_id>/reset-2fa/", views.account_reset_2fa, name="account_reset_2fa"),
    path("<int:account_id>/reset-password/", views.account_reset_password, name="account_reset_password"),
]
