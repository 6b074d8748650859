"""Settings for the test suite: the app's own settings with fast hashing and throw-away file storage."""

import atexit
import os
import secrets
import shutil
import tempfile

# Set before the app's settings read the environment; a developer's .env cannot turn DEBUG on for tests.
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-that-is-long-enough-for-django-checks-0123456789")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")

from cto_mentor.settings import *  # noqa: E402,F403
from cto_mentor.settings import STORAGES  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
PRIVATE_MEDIA_ROOT = tempfile.mkdtemp(prefix="cto-mentor-test-files-")
atexit.register(shutil.rmtree, PRIVATE_MEDIA_ROOT, ignore_errors=True)  # the uploads of this run only
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if STORAGES["default"]["BACKEND"].endswith("FileSystemStorage"):
    STORAGES["default"] = {
        **STORAGES["default"],
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    }
# Static files come from the finders, as with runserver: the suite does not run collectstatic.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
CELERY_TASK_ALWAYS_EAGER = True  # unit tests send in-process; the worker tests start a real worker
# The live server's request threads close their connection after each request, so that no thread still
# holds one when the test database is dropped ("database is being accessed by other users" on PostgreSQL).
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
# Each run keeps its cached figures under its own prefix, apart from other runs on the same Redis.
CACHES["default"]["KEY_PREFIX"] = f"tests-{os.getpid()}-{secrets.token_hex(4)}"  # noqa: F405
