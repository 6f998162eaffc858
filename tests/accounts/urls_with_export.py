"""The project's URLs with a stand-in for the data export, which the assessments app provides."""

from django.http import HttpResponse
from django.urls import include, path

from profiel.urls import urlpatterns as project_urlpatterns


def stand_in(request):
    return HttpResponse()


assessments = ([path("", stand_in, name="list"), path("export/", stand_in, name="data_export")], "assessments")

urlpatterns = [
    path("assessments/", include(assessments)),
    *[pattern for pattern in project_urlpatterns if getattr(pattern, "namespace", None) != "assessments"],
]
