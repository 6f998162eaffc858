from django.urls import path

from . import views

app_name = "functie"

urlpatterns = [
    path("<int:pk>/", views.takenpakket, name="takenpakket"),
    path("<int:pk>/functieomschrijving/", views.functieomschrijving, name="functieomschrijving"),
]
