from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/", include("cto_mentor.users.urls")),
    path("cohorts/", include("cohorts.urls")),
    path("applications/", include("applications.urls")),
    path("sessions/", include("sessions.urls")),
    path("portfolios/", include("portfolios.urls")),
    path("completion/", include("completion.urls")),
    path("notifications/", include("cto_mentor.notifications.urls")),
    path("jobs/", include("cto_mentor.jobs.urls")),
    path("admin/", admin.site.urls),
]
