from django.urls import path

from . import views

app_name = "completion"

urlpatterns = [
    path("cohort/<slug:slug>/progress/", views.cohort_table, name="cohort_table"),
    path("cohort/<slug:slug>/progress.csv", views.cohort_csv, name="cohort_csv"),
    path("cohort/<slug:slug>/progress/<int:user_id>/", views.progress, name="progress"),
    path("cohort/<slug:slug>/commencement/", views.commencement, name="commencement"),
    path("cohort/<slug:slug>/commencement/<int:user_id>/complete/", views.complete, name="complete"),
    path("cohort/<slug:slug>/commencement/<int:user_id>/undo/", views.uncomplete, name="uncomplete"),
    path("cohort/<slug:slug>/settings/", views.completion_settings, name="settings"),
    path("cohort/<slug:slug>/certificate/<int:user_id>/", views.certificate, name="certificate"),
]
