from django.urls import path

from . import views

app_name = "feedback"

own = "assessments/<int:pk>/feedback/"
one = own + "<int:round_pk>/"

urlpatterns = [
    path(own, views.home, name="home"),
    path(own + "feedback.csv", views.feedback_csv, name="csv"),
    path(own + "new/<str:kind>/", views.round_new, name="round_new"),
    path(one, views.round_detail, name="round"),
    path(one + "invite/", views.reviewer_invite, name="reviewer_invite"),
    path(one + "reviewers/<int:reviewer_pk>/revoke/", views.reviewer_revoke, name="reviewer_revoke"),
    path(one + "questions/", views.questions_save, name="questions"),
    path(one + "settings/", views.round_settings, name="round_settings"),
    path(one + "close/", views.round_close, name="round_close"),
    path(one + "delete/", views.round_delete, name="round_delete"),
    path(one + "qr.svg", views.round_qr, name="round_qr"),
    # by a link, without an account
    path("f/<str:token>/", views.review, name="review"),
    path("f/<str:token>/withdraw/", views.review_withdraw, name="review_withdraw"),
    path("v/<str:token>/", views.volunteer, name="volunteer"),
]
