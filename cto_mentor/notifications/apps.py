from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "cto_mentor.notifications"
    label = "notifications"
    verbose_name = "Notifications"
