"""Settings shared by every environment. Differences come from the environment
(sen_portal/env.py) or from the small local/test/production modules beside this one.

With no variables set the app runs on SQLite and a filesystem Celery broker, so that
`make run` works on a bare machine; DATABASE_URL and CELERY_BROKER_URL/REDIS_URL switch
to PostgreSQL and Redis.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF

from sen_portal.env import BASE_DIR, env

# Runtime files of the embedded default (SQLite, broker folder, uploads): never in git.
VAR_DIR = Path(env("SEN_VAR_DIR", default=str(BASE_DIR / "var")))

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

# The name families and staff see. A council runs its own instance.
COUNCIL_NAME = env("SEN_COUNCIL_NAME", default="Northshire Council")
# Which school years children move between phases in (reviews/phases.py, Reg 18):
# "two_tier" (primary and secondary, with infant and junior schools) or "three_tier"
# (first, middle and upper schools).
PHASE_TRANSFER_SCHEME = env("SEN_PHASE_TRANSFER_SCHEME", default="two_tier")
SERVICE_NAME = env("SEN_SERVICE_NAME", default="SEND casework")
TEAM_CONTACT_EMAIL = env("SEN_CONTACT_EMAIL", default="send.team@example.org")

# The SEN2 return's header (its Source block): the council's 3-digit DfE LA code (LEA),
# and this software's identity as COLLECT sees it. Northshire is fictional; 999 is not a
# real LA code, so a return cannot be sent for a real council by mistake.
SEN2_LA_CODE = env("SEN2_LA_CODE", default="999")
SEN2_SOFTWARE_CODE = env("SEN2_SOFTWARE_CODE", default="SEN-PORTAL")
SEN2_RELEASE = env("SEN2_RELEASE", default="2026.1")
# Header Source DMO, DCO and DSCO: whether the area has a designated medical, clinical
# and social care officer for SEND, Y (yes), N (no) or R (recruitment in progress); see
# sen2_codes.DesignatedOfficer. Fictional Northshire's answers; a council sets its own.
SEN2_DMO = env("SEN2_DMO", default="Y")
SEN2_DCO = env("SEN2_DCO", default="Y")
SEN2_DSCO = env("SEN2_DSCO", default="Y")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django.forms",
    "django_fsm",
    "rules.apps.AutodiscoverRulesConfig",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "sen_portal.accounts",
    "sen_portal.casework",
    "sen_portal.dashboards",
    "assessments",
    "plans",
    "ceasing",
    "disagreements",
    # After the apps whose demo data adds plans: its demo finds the phase transfers
    # among all of them, so seed_demo run twice adds nothing the second time.
    "reviews",
    "sen_portal.family",
    "local_offer",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The idle timeout: the session's expiry pushed back at most once a minute.
    "sen_portal.accounts.sessions.IdleTimeoutMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # django-otp's, checking the verified device against ids read with the user.
    "sen_portal.accounts.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Bodies over REQUEST_BODY_MAX_BYTES are refused (413) before anything reads them.
    "sen_portal.request_limits.RequestBodyLimitMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Deny by default: sign-in, second factor and role checks for every view.
    "sen_portal.access.AccessMiddleware",
    # Last, so that it sees the result of authentication (django-axes' own advice).
    "axes.middleware.AxesMiddleware",
]

# The largest request body accepted: a 20 MB document (casework MAX_DOCUMENT_BYTES) and
# the rest of its form. The reverse proxy should refuse the same (README, deployment).
REQUEST_BODY_MAX_BYTES = env.int("REQUEST_BODY_MAX_BYTES", default=21 * 1024 * 1024)

ROOT_URLCONF = "sen_portal.urls"
WSGI_APPLICATION = "sen_portal.wsgi.application"

# Letters: a council's own wording. Templates here are found before ours, so a council
# overrides any letter (or letters/base.html, the letterhead) by copying it here.
LETTER_TEMPLATES_DIR = env("LETTER_TEMPLATES_DIR", default="")
# The council's logo on the letterhead: a static file path (e.g. "letters/logo.png"), or
# empty for none. Static only: the PDF renderer fetches nothing else.
LETTER_LOGO = env("LETTER_LOGO", default="")
# The letterhead's address and contact lines.
COUNCIL_ADDRESS = env(
    "SEN_COUNCIL_ADDRESS", default="County Hall, Market Street, Northtown NS1 1AA"
)
COUNCIL_PHONE = env("SEN_COUNCIL_PHONE", default="0300 555 0100")
COUNCIL_WEBSITE = env("SEN_COUNCIL_WEBSITE", default="https://www.example.org")

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [
            *([Path(LETTER_TEMPLATES_DIR)] if LETTER_TEMPLATES_DIR else []),
            BASE_DIR / "templates",
        ],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "sen_portal.context_processors.service",
            ],
            # GOV.UK times (1:43pm) in every template: sen_portal/casework/templatetags.
            "builtins": ["sen_portal.casework.templatetags.govuk_dates"],
        },
    },
]


# How long a SQLite connection waits for another process's write before giving up.
SQLITE_BUSY_TIMEOUT_SECONDS = 20


def database(url: str, *, conn_max_age: int) -> dict:
    """A DATABASES entry from a URL, with what every environment wants."""
    config = environ.Env.db_url_config(url)
    # No ATOMIC_REQUESTS: services own their transactions (the kernel, casework/steps.py,
    # opens one per step), so a page that only reads opens none.
    # Reuse connections: a new PostgreSQL connection costs more than rendering a list page,
    # and the hot reads' prepared statements (sen_portal.prepared) last as long as one.
    config["CONN_MAX_AGE"] = conn_max_age
    config["CONN_HEALTH_CHECKS"] = True
    # Behind a pooler that gives each transaction another server connection (PgBouncer's
    # transaction mode): no server-side cursors and no prepared statements (Django's
    # setting for that pooler; sen_portal.prepared reads it too).
    config["DISABLE_SERVER_SIDE_CURSORS"] = env.bool("DATABASE_TRANSACTION_POOLING", default=False)
    if config["ENGINE"].endswith("sqlite3"):
        # The embedded default has the web server, the worker and beat writing one file.
        # WAL lets readers go on while one process writes; IMMEDIATE takes the write lock
        # when a transaction begins, so two writers queue (up to the busy timeout) instead
        # of one failing with "database is locked" when it upgrades a read lock (SQLite's
        # deferred default cannot wait in that case). Django 5.1+ reads these options.
        config.setdefault("OPTIONS", {}).update(
            {
                "transaction_mode": "IMMEDIATE",
                "timeout": SQLITE_BUSY_TIMEOUT_SECONDS,
                "init_command": (
                    "PRAGMA journal_mode=WAL;"
                    "PRAGMA synchronous=NORMAL;"
                    f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_SECONDS * 1000};"
                ),
            }
        )
    if config["ENGINE"].endswith("postgresql"):
        # PostgreSQL's JIT compiles plans it guesses are expensive; for our short
        # dashboard aggregates the compiling costs more than it saves (660 ms vs 190 ms).
        config.setdefault("OPTIONS", {})["options"] = "-c jit=off"
    return config


DATABASES = {
    "default": database(
        env("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=env.int("DJANGO_CONN_MAX_AGE", default=60),
    ),
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Sign-in throttling runs first so a locked-out user is refused before any password check.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    # Django's ModelBackend, reading the user with their unread notifications count.
    "sen_portal.accounts.backends.UserBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Staff (everyone but families) must use a second factor when this is on.
STAFF_2FA_REQUIRED = env.bool("STAFF_2FA_REQUIRED", default=True)
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", default=f"{COUNCIL_NAME} {SERVICE_NAME}")

# Idle timeout: the session lasts this long after the last request, not after sign-in.
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_SECONDS", default=30 * 60)
# Not saved on every request (an UPDATE and a COMMIT each time): IdleTimeoutMiddleware
# pushes the expiry back when the last push is this old, so a session ends between
# SESSION_COOKIE_AGE - SESSION_REFRESH_SECONDS and SESSION_COOKIE_AGE after the last request.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_REFRESH_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Sign-in throttling (django-axes): lock a username from one address after repeated failures.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Our sign-in form keeps Django's field name "username" (axes would default to "email").
AXES_USERNAME_FORM_FIELD = "username"
# Every spelling of an address shares one failure count and one lockout (strip, lower-case).
AXES_USERNAME_CALLABLE = "sen_portal.accounts.usernames.axes_username"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d %m %Y"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("govuk", BASE_DIR / "node_modules/govuk-frontend/dist/govuk"),
    ("moj", BASE_DIR / "node_modules/@ministryofjustice/frontend/moj"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = Path(env("DJANGO_MEDIA_ROOT", default=str(VAR_DIR / "media")))
MEDIA_URL = "/media/"  # never served directly: documents go through access-checked views

# Content Security Policy: no inline script or style; the one inline script GOV.UK
# Frontend needs carries a nonce.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

EMAIL_BACKEND = env(
    "DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", default="no-reply@example.org")

# Celery. The broker is Redis in production and tests; with nothing set it is a folder on
# disk so `make run` needs no server. Tasks take ids, never objects (JSON only).
REDIS_URL = env("REDIS_URL", default="")
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL or "filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    _broker_dir = VAR_DIR / "broker"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
else:
    # Redis: a task not acknowledged within this time is given to another worker; it
    # must exceed the longest task (PDF rendering) by a margin.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 60 * 60}
CELERY_TASK_IGNORE_RESULT = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_TIMEZONE = TIME_ZONE
# A task is acknowledged only when it has finished, and given back if its worker dies,
# so a killed worker loses nothing; every task is therefore written to be idempotent.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=120)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=180)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# The beat schedule: every periodic job, in one place. Sweeps read deadline rows, so a
# missed run is caught up by the next one.
CELERY_BEAT_SCHEDULE: dict[str, dict] = {
    "clear-expired-sessions": {
        "task": "sen_portal.accounts.tasks.clear_expired_sessions",
        "schedule": timedelta(hours=6),
    },
    # Statutory deadlines: reminders, escalations and breaches into the outbox, then
    # delivery. Idempotent, so a late or doubled run sends nothing twice.
    "sweep-deadlines": {
        "task": "sen_portal.casework.tasks.sweep_deadlines",
        "schedule": timedelta(minutes=env.int("DEADLINE_SWEEP_MINUTES", default=15)),
    },
    # Documents whose task was lost while the broker was away (sen_portal/task_queue.py):
    # each app queues its missing PDFs and letters again.
    **{
        f"catch-up-{name}": {"task": name, "schedule": timedelta(minutes=15)}
        for name in (
            "plans.tasks.plan_pdfs_catch_up",
            "sen_portal.casework.tasks.letters_catch_up",
        )
    },
    # Annual reviews due within the next term and the coming September's phase transfers
    # (reviews/services/). Daily; idempotent, so a missed or doubled run is harmless.
    "create-due-reviews": {
        "task": "reviews.tasks.create_due_reviews",
        "schedule": timedelta(days=1),
    },
    # Plans whose appeal period against a decision to cease has passed with no appeal
    # end the next day (CFA s45). Daily at 01:30; idempotent, a missed day catches up.
    "ceasings-end-due": {
        "task": "ceasing.tasks.ceasings_end_due",
        "schedule": crontab(hour=1, minute=30),
    },
}

# Statutory deadline enforcement (casework/sweep.py).
# Reminders to the caseworker this many working days before a deadline falls due.
DEADLINE_REMINDER_WORKING_DAYS = env.list(
    "DEADLINE_REMINDER_WORKING_DAYS", cast=int, default=[10, 3]
)
# The case page shows a deadline amber when it falls due within this many working days.
DEADLINE_AMBER_WORKING_DAYS = env.int("DEADLINE_AMBER_WORKING_DAYS", default=10)
# Rows the sweep breaches per transaction: bounds memory and lock time whatever the backlog.
DEADLINE_SWEEP_BATCH_SIZE = env.int("DEADLINE_SWEEP_BATCH_SIZE", default=2000)
# Where the service is, for links in emails (to the signed-in notifications page and
# invitations, never to case data). `make run` sets it from PORT for the web server,
# worker and beat alike (honcho gives each process a PORT of its own).
SITE_URL = env("SITE_URL", default=f"http://127.0.0.1:{env('PORT', default='8000')}")
DEADLINE_NOTIFICATIONS_BASE_URL = env("DEADLINE_NOTIFICATIONS_BASE_URL", default=SITE_URL)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        # One INFO line per rendering step is noise; refused fetches still log warnings.
        "weasyprint.progress": {"level": "WARNING"},
    },
}
FORM_RENDERER = "sen_portal.govuk_forms.GovukFormRenderer"
