from django.urls import path

from . import team_views, views

app_name = "functie"

urlpatterns = [
    path("<int:pk>/", views.takenpakket, name="takenpakket"),
    path("<int:pk>/from-previous/", views.takenpakket_from_previous, name="from_previous"),
    path("<int:pk>/functieomschrijving/", views.functieomschrijving, name="functieomschrijving"),
    path(
        "<int:pk>/functieomschrijving.<str:extension>",
        views.functieomschrijving_download,
        name="functieomschrijving_download",
    ),
    # a leidinggevende's side
    path("team/<int:team_pk>/", team_views.team_work, name="team_work"),
    path("team/<int:team_pk>/functieprofiel/<int:pk>/", team_views.norm_tasks, name="norm_tasks"),
]
