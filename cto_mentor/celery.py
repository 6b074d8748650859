import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cto_mentor.settings")

app = Celery("cto_mentor")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
