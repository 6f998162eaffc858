from django.urls import path

from . import views

app_name = "cycle"

urlpatterns = [
    path("thuis/", views.home, name="home"),
    path("gesprek/<int:pk>/", views.gesprek, name="gesprek"),
    path("gesprek/<int:pk>/afspraken/", views.afspraak_add, name="afspraak_add"),
    path("gesprek/<int:pk>/afspraken/<int:afspraak_pk>/", views.afspraak_edit, name="afspraak_edit"),
    path("gesprek/<int:pk>/afspraken/<int:afspraak_pk>/delete/", views.afspraak_delete, name="afspraak_delete"),
    path("gesprek/<int:pk>/confirm/", views.confirm, name="confirm"),
    path("gesprek/<int:pk>/met-wie/", views.with_whom, name="with_whom"),
    path("teams/<int:team_pk>/scanrondes/", views.rounds, name="rounds"),
    path("scanrondes/<int:pk>/", views.round_detail, name="round"),
    path("scanrondes/<int:pk>/delete/", views.round_delete, name="round_delete"),
    path("herinneringen/", views.reminders, name="reminders"),
    path("herinneringen/uit/<str:token>/", views.reminders_stop, name="reminders_stop"),
]
