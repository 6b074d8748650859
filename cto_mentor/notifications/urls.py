from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("preferences/", views.preferences, name="preferences"),
    path("outbox/<slug:slug>/", views.outbox, name="outbox"),
    path("messages/<int:pk>/resend/", views.resend, name="resend"),
]
