from django.apps import AppConfig


class ClassSessionsConfig(AppConfig):
    # django.contrib.sessions owns the label "sessions".
    name = "sessions"
    label = "class_sessions"
    verbose_name = "Class sessions"
