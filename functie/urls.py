from django.urls import path

from . import team_views, views

app_name = "functie"

urlpatterns = [
    path("<int:pk>/", views.takenpakket, name="takenpakket"),
    path("<int:pk>/functieomschrijving/", views.functieomschrijving, name="functieomschrijving"),
    # a leidinggevende's side
    path("team/<int:team_pk>/", team_views.team_work, name="team_work"),
    path("team/<int:team_pk>/functieprofiel/<int:pk>/", team_views.norm_tasks, name="norm_tasks"),
]
