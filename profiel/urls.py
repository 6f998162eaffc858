from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView, TemplateView

from . import views

urlpatterns = [
    path("", TemplateView.as_view(template_name="home.html"), name="home"),
    path("", include("accounts.urls")),
    # the team pages lived under /assessments/teams/ until they got an app of their own
    path("assessments/teams/", RedirectView.as_view(url="/teams/", permanent=True, query_string=True)),
    path(
        "assessments/teams/<path:rest>",
        RedirectView.as_view(url="/teams/%(rest)s", permanent=True, query_string=True),
    ),
    path("assessments/", include("assessments.urls")),
    path("teams/", include("teams.urls")),
    path("", include("feedback.urls")),
    path("takenpakket/", include("functie.urls")),
    path("frameworks/", include("catalog.urls")),
    path("", include("cycle.urls")),
    path("admin/", admin.site.urls),
    path("i18n/setlang/", views.set_language, name="set_language"),
]
