"""Production: DEBUG off, secrets required, every `check --deploy` warning answered."""

from sen_portal.settings.base import *  # noqa: F403
from sen_portal.settings.base import STORAGES, database, env

DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY")  # no default: a missing secret stops start-up
# No default: production refuses to start without its database.
DATABASES = {
    "default": database(
        env("DATABASE_URL"), conn_max_age=env.int("DJANGO_CONN_MAX_AGE", default=60)
    )
}
STAFF_2FA_REQUIRED = env.bool("STAFF_2FA_REQUIRED", default=True)

SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
# Health checks come from inside the stack over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "sen_portal.static_storage.StaticStorage"},
}

# Sessions read from Redis (the broker's server, already required in production) and
# written through to the database: no session SELECT on a page (issue #22). Signing out
# deletes both copies; the cached copy expires with the session (the idle timeout); a
# password change still ends other sessions (checked against the user row on every
# request). Without Redis (the embedded default) sessions stay in the database.
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "sen_portal",
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
