from django.urls import path

from . import views

app_name = "portfolios"
urlpatterns = [
    path("<int:pk>/", views.portfolio, name="detail"),
    path("<int:pk>/print/", views.print_portfolio, name="print"),
    path("<int:pk>/topics/", views.topic_map, name="topic_map"),
    path("<int:pk>/artifacts/new/", views.artifact_form, name="add_artifact"),
    path("artifacts/<int:artifact_id>/edit/", views.artifact_form, name="edit_artifact"),
    path("artifacts/<int:artifact_id>/file/", views.download_artifact, name="download_artifact"),
    path("<int:pk>/reflections/new/", views.reflection_form, name="add_reflection"),
    path("reflections/<int:reflection_id>/edit/", views.reflection_form, name="edit_reflection"),
    path("<str:kind>/<int:entry_id>/move/", views.move_entry, name="move_entry"),
    path("<str:kind>/<int:entry_id>/ready/", views.mark_ready, name="mark_ready"),
    path("<str:kind>/<int:entry_id>/delete/", views.delete_entry, name="delete_entry"),
    path("<int:pk>/meetings/", views.meetings, name="meetings"),
    path("meetings/<int:meeting_id>/confirm/", views.confirm_meeting, name="confirm_meeting"),
    path("meetings/<int:meeting_id>/follow-ups/", views.add_meeting_follow_up, name="add_meeting_follow_up"),
    path("follow-ups/<int:follow_up_id>/close/", views.close_follow_up, name="close_follow_up"),
    path("<int:pk>/feedback/", views.feedback, name="feedback"),
    path("<int:pk>/comments/", views.comment_on_portfolio, name="comment"),
    path("<int:pk>/evaluations/new/", views.schedule_evaluation, name="schedule_evaluation"),
    path("evaluations/<int:pk>/", views.evaluation, name="evaluation"),
    path("<int:pk>/progress-reviews/new/", views.schedule_progress_review, name="schedule_progress_review"),
    path("progress-reviews/<int:review_id>/", views.progress_review, name="progress_review"),
    path("cohorts/<slug:slug>/", views.overview, name="overview"),
    path("cohorts/<slug:slug>/meetings/", views.meeting_frequency, name="meeting_frequency"),
    path("cohorts/<slug:slug>/reviews/", views.portfolio_reviews, name="portfolio_reviews"),
    path("reviews/<int:review_id>/", views.portfolio_review, name="portfolio_review"),
    path("cohorts/<slug:slug>/check-ins/", views.check_ins, name="check_ins"),
    path("check-ins/<int:pk>/", views.check_in, name="check_in"),
    path("cohorts/<slug:slug>/program-feedback/", views.program_feedback, name="program_feedback"),
    path(
        "cohorts/<slug:slug>/program-feedback/results/",
        views.program_feedback_results,
        name="program_feedback_results",
    ),
    path(
        "cohorts/<slug:slug>/program-feedback/results.csv",
        views.program_feedback_csv,
        name="program_feedback_csv",
    ),
]
