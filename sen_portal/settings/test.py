"""The test suite: real PostgreSQL and Redis on 127.0.0.1 unless the environment says otherwise."""

from sen_portal.settings.base import *  # noqa: F403
from sen_portal.settings.base import BASE_DIR, database, env

DEBUG = False
SECRET_KEY = "test-only-not-a-secret-" + "x" * 40  # noqa: S105
DATABASES = {
    "default": database(
        env("DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/sen_portal"),
        conn_max_age=0,
    ),
}
REDIS_URL = env("REDIS_URL", default="redis://127.0.0.1:6379/15")
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 60 * 60}
# Tasks run in-process unless a test starts a real worker.
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STAFF_2FA_REQUIRED = False
MEDIA_ROOT = BASE_DIR / "var" / "test-media"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
