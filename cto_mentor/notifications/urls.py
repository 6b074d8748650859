from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("preferences/", views.preferences, name="preferences"),
    path("outbox/", views.program_outbox, name="program_outbox"),
    path("outbox/<slug:slug>/", views.outbox, name="outbox"),
    path("reminders/<slug:slug>/", views.reminder_settings, name="reminder_settings"),
    path("messages/<int:pk>/resend/", views.resend, name="resend"),
]
