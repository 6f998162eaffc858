from django.urls import path

from . import manager_views, views

app_name = "assessments"

urlpatterns = [
    path("", views.assessment_list, name="list"),
    path("start/", views.assessment_start, name="start"),
    path("growth/", views.growth, name="growth"),
    path("my-data.json", views.data_export, name="data_export"),
    path("<int:pk>/", views.assessment_detail, name="detail"),
    path("<int:pk>/situation/", views.situation, name="situation"),
    path("<int:pk>/keuzemodel/", views.keuzemodel, name="keuzemodel"),
    path("<int:pk>/keuzemodel/<str:code>/", views.section, name="section"),
    path("<int:pk>/keuzemodel/<str:code>/applies/", views.section_applies, name="section_applies"),
    path("<int:pk>/answers/<str:code>/", views.answer_save, name="answer"),
    path("<int:pk>/focus/", views.focus, name="focus"),
    path("<int:pk>/focus/<str:code>/", views.focus_item, name="focus_item"),
    path("<int:pk>/overview/", views.overview, name="overview"),
    path("<int:pk>/plan/", views.plan, name="plan"),
    path("<int:pk>/plan/from/<str:code>/", views.goal_from_item, name="goal_from_item"),
    path("<int:pk>/plan/<int:goal_pk>/", views.goal_edit, name="goal_edit"),
    path("<int:pk>/plan/<int:goal_pk>/delete/", views.goal_delete, name="goal_delete"),
    path("<int:pk>/plan/<int:goal_pk>/progress/", views.goal_progress, name="goal_progress"),
    path("<int:pk>/plan/<int:goal_pk>/status/", views.goal_status, name="goal_status"),
    path("<int:pk>/finalise/", views.finalise, name="finalise"),
    path("<int:pk>/finalise/confirm/", views.finalise_confirm, name="finalise_confirm"),
    path("<int:pk>/reopen/", views.reopen, name="reopen"),
    path("<int:pk>/share/", views.share, name="share"),
    path("<int:pk>/compare/", views.compare, name="compare"),
    path("<int:pk>/pdf/", views.profile_pdf, name="pdf"),
    # a manager and one member
    path("shared/<int:pk>/", manager_views.shared_detail, name="shared"),
    path("shared/<int:pk>/pdf/", manager_views.shared_pdf, name="shared_pdf"),
    path("shared/<int:pk>/my-view/", manager_views.manager_view_start, name="manager_view_start"),
    path("<int:pk>/side-by-side/", manager_views.side_by_side, name="side_by_side"),
    path("<int:pk>/side-by-side/share/", manager_views.manager_view_share, name="manager_view_share"),
]
