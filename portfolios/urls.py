from django.urls import path

from .views import cohort, mentor_duties, mentoring
from .views import portfolio as entries

app_name = "portfolios"
urlpatterns = [
    path("<int:pk>/", entries.portfolio, name="detail"),
    path("<int:pk>/print/", entries.print_portfolio, name="print"),
    path("<int:pk>/export/", entries.export_portfolio, name="export"),
    path("<int:pk>/topics/", entries.topic_map, name="topic_map"),
    path("<int:pk>/artifacts/new/", entries.artifact_form, name="add_artifact"),
    path("artifacts/<int:artifact_id>/edit/", entries.artifact_form, name="edit_artifact"),
    path("artifacts/<int:artifact_id>/file/", entries.download_artifact, name="download_artifact"),
    path("<int:pk>/reflections/new/", entries.reflection_form, name="add_reflection"),
    path("reflections/<int:reflection_id>/edit/", entries.reflection_form, name="edit_reflection"),
    path("<str:kind>/<int:entry_id>/move/", entries.move_entry, name="move_entry"),
    path("<str:kind>/<int:entry_id>/ready/", entries.mark_ready, name="mark_ready"),
    path("<str:kind>/<int:entry_id>/delete/", entries.delete_entry, name="delete_entry"),
    path("<str:kind>/<int:entry_id>/restore/", entries.restore_entry, name="restore_entry"),
    path("<int:pk>/trash/", entries.trash, name="trash"),
    path("<int:pk>/meetings/", mentoring.meetings, name="meetings"),
    path("meetings/<int:meeting_id>/confirm/", mentoring.confirm_meeting, name="confirm_meeting"),
    path(
        "meetings/<int:meeting_id>/follow-ups/", mentoring.add_meeting_follow_up, name="add_meeting_follow_up"
    ),
    path("follow-ups/<int:follow_up_id>/close/", mentoring.close_follow_up, name="close_follow_up"),
    path("<int:pk>/meetings/schedule/", mentor_duties.schedule_meeting, name="schedule_meeting"),
    path("meetings/<int:meeting_id>/held/", mentor_duties.confirm_held, name="confirm_held"),
    path("meetings/<int:meeting_id>/cancel/", mentor_duties.cancel_meeting, name="cancel_meeting"),
    path("<int:pk>/evaluations/record/", mentor_duties.record_evaluation, name="record_evaluation"),
    path(
        "<int:pk>/evaluations/<int:evaluation_id>/record/",
        mentor_duties.record_evaluation,
        name="record_scheduled_evaluation",
    ),
    path("<int:pk>/consultations/", mentor_duties.consultations, name="consultations"),
    path("consultations/<int:pk>/", mentor_duties.consultation, name="consultation"),
    path("<int:pk>/work-study/", mentor_duties.work_study, name="work_study"),
    path("<int:pk>/feedback/", mentoring.feedback, name="feedback"),
    path("<int:pk>/comments/", mentoring.comment_on_portfolio, name="comment"),
    path("<int:pk>/evaluations/new/", mentoring.schedule_evaluation, name="schedule_evaluation"),
    path("evaluations/<int:pk>/", mentoring.evaluation, name="evaluation"),
    path(
        "<int:pk>/progress-reviews/new/", mentoring.schedule_progress_review, name="schedule_progress_review"
    ),
    path("progress-reviews/<int:review_id>/", mentoring.progress_review, name="progress_review"),
    path("cohorts/<slug:slug>/", cohort.overview, name="overview"),
    path("cohorts/<slug:slug>/meetings/", cohort.meeting_frequency, name="meeting_frequency"),
    path("cohorts/<slug:slug>/reviews/", cohort.portfolio_reviews, name="portfolio_reviews"),
    path("reviews/<int:review_id>/", cohort.portfolio_review, name="portfolio_review"),
    path("cohorts/<slug:slug>/check-ins/", cohort.check_ins, name="check_ins"),
    path("check-ins/<int:pk>/", cohort.check_in, name="check_in"),
    path("cohorts/<slug:slug>/program-feedback/", cohort.program_feedback, name="program_feedback"),
    path(
        "cohorts/<slug:slug>/program-feedback/results/",
        cohort.program_feedback_results,
        name="program_feedback_results",
    ),
    path(
        "cohorts/<slug:slug>/program-feedback/results.csv",
        cohort.program_feedback_csv,
        name="program_feedback_csv",
    ),
]
