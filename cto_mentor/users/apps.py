from django.apps import AppConfig


class UsersConfig(AppConfig):
    name = "cto_mentor.users"
    label = "users"
    verbose_name = "People"
