from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("preferences/", views.preferences, name="preferences"),
    path("outbox/", views.program_outbox, name="program_outbox"),
    path("outbox/<slug:slug>/", views.outbox, name="outbox"),
    path("reminders/<slug:slug>/", views.reminder_settings, name="reminder_settings"),
    path("texts/<slug:slug>/", views.notice_texts, name="notice_texts"),
    path("texts/<slug:slug>/<slug:notice>/", views.notice_text, name="notice_text"),
    path("texts/<slug:slug>/<slug:notice>/reset/", views.reset_notice_text, name="reset_notice_text"),
    path("messages/<int:pk>/resend/", views.resend, name="resend"),
]
