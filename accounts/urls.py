from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "accounts"

organisation = "account/organisations/<int:pk>/"
team = organisation + "teams/<int:team_pk>/"

urlpatterns = [
    path("account/", views.profile, name="profile"),
    path("account/signup/", views.signup, name="signup"),
    path("account/signup/sent/", views.signup_done, name="signup_done"),
    path("account/email/confirm/<str:token>/", views.email_confirm, name="email_confirm"),
    path("account/email/resend/", views.email_confirm_resend, name="email_confirm_resend"),
    path("account/email/", views.email_change, name="email_change"),
    path("account/login/", views.LoginView.as_view(), name="login"),
    path("account/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/delete/", views.account_delete, name="delete"),
    path("account/password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("account/password-reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("account/password-reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "account/password-reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "account/password-reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("account/invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("account/organisations/", views.organisation_list, name="organisation_list"),
    path("account/organisations/new/", views.organisation_create, name="organisation_create"),
    path(organisation, views.organisation_detail, name="organisation_detail"),
    path(organisation + "teams/new/", views.team_create, name="team_create"),
    path(organisation + "invitations/new/", views.invitation_create, name="invitation_create"),
    path(organisation + "invitations/revoke/", views.invitation_revoke, name="invitation_revoke"),
    path(organisation + "invitations/resend/", views.invitation_resend, name="invitation_resend"),
    path(organisation + "rename/", views.organisation_rename, name="organisation_rename"),
    path(organisation + "delete/", views.organisation_delete, name="organisation_delete"),
    path(organisation + "audit/", views.organisation_audit, name="organisation_audit"),
    path(organisation + "members/admin/", views.member_admin, name="member_admin"),
    path(organisation + "members/remove/", views.member_remove, name="member_remove"),
    path(team, views.team_detail, name="team_detail"),
    path(team + "rename/", views.team_rename, name="team_rename"),
    path(team + "delete/", views.team_delete, name="team_delete"),
    path(team + "members/add/", views.team_member_add, name="team_member_add"),
    path(team + "members/role/", views.team_member_role, name="team_member_role"),
    path(team + "members/remove/", views.team_member_remove, name="team_member_remove"),
]
