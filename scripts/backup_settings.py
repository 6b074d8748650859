"""Print, as shell assignments, what scripts/backup and scripts/restore need from the app's settings."""

import os
import shlex
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cto_mentor.settings")

from django.conf import settings  # noqa: E402

db = settings.DATABASES["default"]
engine = db["ENGINE"].rsplit(".", 1)[-1]
url = ""
if engine == "postgresql":
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = db.get("HOST") or "127.0.0.1"
    url = f"postgresql://{db['USER']}{password}@{host}:{db.get('PORT') or 5432}/{db['NAME']}"
values = {
    "DB_ENGINE": engine,
    "DB_NAME": str(db["NAME"]),
    "DB_URL": url,
    "FILES_ROOT": str(settings.PRIVATE_MEDIA_ROOT),
}
for name, value in values.items():
    print(f"{name}={shlex.quote(value)}")
