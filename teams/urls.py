from django.urls import path

from . import norm_views, views

app_name = "teams"

urlpatterns = [
    path("", views.team_list, name="list"),
    path("<int:team_pk>/", views.team_overview, name="overview"),
    path("<int:team_pk>/matrix/", views.team_matrix, name="matrix"),
    path("<int:team_pk>/matrix/<str:code>/", views.team_matrix_section, name="matrix_section"),
    path("<int:team_pk>/matrix.xlsx", views.team_matrix_xlsx, name="matrix_xlsx"),
    path("<int:team_pk>/matrix.csv", views.team_matrix_csv, name="matrix_csv"),
    path("<int:team_pk>/coverage/", views.team_coverage, name="coverage"),
    path("<int:team_pk>/needs/", views.team_needs, name="needs"),
    # functieprofielen (norm profiles)
    path("<int:team_pk>/norms/", norm_views.norm_list, name="norms"),
    path("<int:team_pk>/norms/<int:pk>/", norm_views.norm_edit, name="norm_edit"),
    path("<int:team_pk>/norms/<int:pk>/compare/", norm_views.norm_compare, name="norm_compare"),
]
