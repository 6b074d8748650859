from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class NotificationsConfig(AppConfig):
    name = "cto_mentor.notifications"
    label = "notifications"
    verbose_name = "Notifications"

    def ready(self):
        autodiscover_modules("notices")
