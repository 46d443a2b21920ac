"""`make run`: a developer's machine with demo data. Never used in production."""

from pathlib import Path

from sen_portal.settings.base import *  # noqa: F403
from sen_portal.settings.base import CELERY_BROKER_TRANSPORT_OPTIONS, MEDIA_ROOT, VAR_DIR, env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="local-development-only-not-a-secret")
STAFF_2FA_REQUIRED = env.bool("STAFF_2FA_REQUIRED", default=False)

# The embedded default keeps its SQLite file, broker queue and uploads in var/.
_folders = [VAR_DIR, MEDIA_ROOT]
if "data_folder_in" in CELERY_BROKER_TRANSPORT_OPTIONS:
    _folders += [
        CELERY_BROKER_TRANSPORT_OPTIONS["data_folder_in"],
        CELERY_BROKER_TRANSPORT_OPTIONS["processed_folder"],
        CELERY_BROKER_TRANSPORT_OPTIONS["control_folder"],
    ]
for _folder in _folders:
    Path(_folder).mkdir(parents=True, exist_ok=True)
