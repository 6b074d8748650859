from django.urls import path

from . import views

app_name = "class_sessions"
urlpatterns = [
    path("cohort/<slug:slug>/", views.schedule, name="schedule"),
    path("cohort/<slug:slug>/new/", views.session_create, name="create"),
    path("cohort/<slug:slug>/plan/", views.plan_create, name="plan_create"),
    path("cohort/<slug:slug>/attendance/", views.attendance_grid, name="attendance_grid"),
    path("cohort/<slug:slug>/attendance.csv", views.attendance_csv, name="attendance_csv"),
    path("cohort/<slug:slug>/assignments/", views.assignment_grid, name="assignment_grid"),
    path("<int:pk>/", views.session_detail, name="detail"),
    path("<int:pk>/edit/", views.session_edit, name="edit"),
    path("<int:pk>/plan/", views.plan_edit, name="plan_edit"),
    path("<int:pk>/delete/", views.session_delete, name="delete"),
    path("<int:pk>/calendar.ics", views.session_ics, name="session_ics"),
    path("<int:pk>/meetings/new/", views.meeting_add, name="meeting_add"),
    path("<int:pk>/assignments/new/", views.assignment_create, name="assignment_create"),
    path("<int:pk>/presentations/new/", views.presentation_create, name="presentation_create"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/delete/", views.meeting_delete, name="meeting_delete"),
    path("meetings/<int:pk>/attendance/", views.take_attendance, name="attendance"),
    path("meetings/<int:pk>/make-up/<int:user_id>/", views.make_up, name="make_up"),
    path("assignments/<int:pk>/", views.assignment_detail, name="assignment"),
    path("assignments/<int:pk>/edit/", views.assignment_edit, name="assignment_edit"),
    path("assignments/<int:pk>/submit/", views.assignment_submit, name="submit"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("submissions/<int:pk>/", views.submission_detail, name="submission"),
    path("submissions/<int:pk>/correct/", views.grade_correct, name="grade_correct"),
    path("submission-files/<int:pk>/", views.submission_file, name="submission_file"),
    path("presentations/<int:pk>/edit/", views.presentation_edit, name="presentation_edit"),
    path("presentations/<int:pk>/assess/", views.presentation_assess, name="presentation_assess"),
    path("calendar/", views.calendar_feed_settings, name="calendar_feed"),
    path("calendar/off/", views.calendar_feed_off, name="calendar_feed_off"),
    path("calendar/on/", views.calendar_feed_on, name="calendar_feed_on"),
    path("calendar/<str:token>.ics", views.feed, name="feed"),
]
