from django.urls import path

from . import views

app_name = "catalog"

urlpatterns = [
    path("", views.framework_list, name="list"),
    path("<slug:framework_code>/", views.framework_current, name="current"),
    path("<slug:framework_code>/<str:label>/", views.version_detail, name="version"),
    path("<slug:framework_code>/<str:label>/case.json", views.version_case, name="version_case"),
]
