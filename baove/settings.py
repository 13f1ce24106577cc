"""Settings for baove, driven by environment variables (see README, "Configuration")."""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from baove.lib.env import env_bool, env_int, env_list, env_str
from baove.lib.secrets import local_secret

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env_str("BAOVE_DATA_DIR", str(BASE_DIR / "data")))

DEBUG = env_bool("DJANGO_DEBUG", False)
TESTING = env_bool("BAOVE_TESTING", False)
DEMO = env_bool("BAOVE_DEMO", False)

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not (DEBUG or TESTING or DEMO):
        raise ImproperlyConfigured("DJANGO_SECRET_KEY (or DJANGO_SECRET_KEY_FILE) must be set in production.")
    import secrets

    # Tests get a key per process; the demo keeps one in its data folder. Neither is committed.
    SECRET_KEY = secrets.token_urlsafe(48) if TESTING else local_secret(DATA_DIR, "django-secret-key")

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "baove",
    "audit",
    "org",
    "accounts",
    "workcal",
    "vault",
    "cases",
    "portal",
    "protection",
    "retaliation",
    "reception",
    "programme",
    "reporting",
    "campaigns",
    "exports",
    "dashboards",
    "history",
    "synth",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "baove.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "baove.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "accounts.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "baove.middleware.SecurityHeadersMiddleware",
]

ROOT_URLCONF = "baove.urls"
WSGI_APPLICATION = "baove.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "baove.context_processors.navigation",
            ],
        },
    },
]

# SQLite under the data folder by default; PostgreSQL through DATABASE_URL.
DATABASE_URL = env_str("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'baove.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE takes the write lock at BEGIN, so the audit chain's read-then-append never races.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# A connection kept between requests is checked before use, so the server recovers by itself once a
# restarted database is back.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login throttling: after LOGIN_MAX_FAILURES failed attempts on one account name, it is locked
# for LOGIN_LOCK_MINUTES. Keyed by account name, never by address.
LOGIN_MAX_FAILURES = env_int("LOGIN_MAX_FAILURES", 5)
LOGIN_LOCK_MINUTES = env_int("LOGIN_LOCK_MINUTES", 15)

SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 30) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_NAME = "baove_staff"
CSRF_COOKIE_HTTPONLY = True
SECURE_COOKIES = env_bool("BAOVE_SECURE_COOKIES", not (DEBUG or TESTING or DEMO))
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
LANGUAGE_COOKIE_SECURE = SECURE_COOKIES
if SECURE_COOKIES:
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # The header only allows a later submission to the browsers' preload list; nobody is submitted.
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    if not SECURE_HSTS_PRELOAD:
        SILENCED_SYSTEM_CHECKS = ["security.W021"]
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # The header the reverse proxy sets to "https" (it must overwrite any sent by the client);
    # empty when no proxy stands in front (gunicorn then serves TLS itself).
    _proxy_ssl_header = env_str("SECURE_PROXY_SSL_HEADER", "X-Forwarded-Proto")
    if _proxy_ssl_header:
        SECURE_PROXY_SSL_HEADER = ("HTTP_" + _proxy_ssl_header.strip().upper().replace("-", "_"), "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "baove")

# The public half of the backup key (`manage.py backup --new-key`); its private half stays offline
# (docs/backup.md), so this server can write backups but never read them.
BACKUP_PUBLIC_KEY = env_str("BAOVE_BACKUP_PUBLIC_KEY", "")

# Argon2id cost of the key that seals each person's private key, paid once per sign-in
# (about 0.1 s on one core; see docs/threat-model.md).
VAULT_KDF = {
    "time_cost": env_int("VAULT_KDF_TIME_COST", 3),
    "memory_cost": env_int("VAULT_KDF_MEMORY_KIB", 64 * 1024),
    "parallelism": 1,
}

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["baove.formats"]

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING
MEDIA_ROOT = DATA_DIR / "media"

# The demo has no mail server: its e-mails are written as files under data/mail/ to be read there.
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.filebased.EmailBackend" if DEMO else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_FILE_PATH = DATA_DIR / "mail"
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "baove@localhost")

# The receipt pepper is installation-wide and never stored in the database (cases/receipts.py).
RECEIPT_PEPPER = env_str("BAOVE_RECEIPT_PEPPER")
if not RECEIPT_PEPPER:
    if not (DEBUG or TESTING or DEMO):
        raise ImproperlyConfigured("BAOVE_RECEIPT_PEPPER (or BAOVE_RECEIPT_PEPPER_FILE) must be set in production.")
    RECEIPT_PEPPER = "test-pepper" if TESTING else local_secret(DATA_DIR, "receipt-pepper")
# Seals the e-mail address of reporters who opted in to notices (cases.models.Petition).
NOTICE_EMAIL_KEY = env_str("BAOVE_NOTICE_EMAIL_KEY")
if not NOTICE_EMAIL_KEY:
    if not (DEBUG or TESTING or DEMO):
        raise ImproperlyConfigured("BAOVE_NOTICE_EMAIL_KEY (or BAOVE_NOTICE_EMAIL_KEY_FILE) must be set in production.")
    NOTICE_EMAIL_KEY = "test-notice-key" if TESTING else local_secret(DATA_DIR, "notice-email-key")
# Keys the hash of ID numbers that lets personnel actions be matched against protected people
# without storing the numbers (protection.models.ProtectionCase.id_hash).
PERSON_MATCH_KEY = env_str("BAOVE_PERSON_MATCH_KEY")
if not PERSON_MATCH_KEY:
    if not (DEBUG or TESTING or DEMO):
        raise ImproperlyConfigured("BAOVE_PERSON_MATCH_KEY (or BAOVE_PERSON_MATCH_KEY_FILE) must be set in production.")
    PERSON_MATCH_KEY = "test-person-match-key" if TESTING else local_secret(DATA_DIR, "person-match-key")
# The time limit for deciding on a protection request, in working days (configurable).
PROTECTION_DECISION_WORKING_DAYS = env_int("PROTECTION_DECISION_WORKING_DAYS", 5)
NOTIFY_DUE_SOON_WORKING_DAYS = env_int("NOTIFY_DUE_SOON_WORKING_DAYS", 2)
# The address e-mails link to, e.g. https://baove.example.gov.vn (no trailing slash).
SITE_URL = env_str("BAOVE_SITE_URL", "")
# One receipt check costs one Argon2id hash with these parameters (docs/threat-model.md).
RECEIPT_ARGON2 = {
    "time_cost": env_int("RECEIPT_ARGON2_TIME_COST", 3),
    "memory_cost": env_int("RECEIPT_ARGON2_MEMORY_KIB", 64 * 1024),
    "parallelism": 1,
}
PORTAL_SESSION_IDLE_MINUTES = env_int("PORTAL_SESSION_IDLE_MINUTES", 20)
PORTAL_SESSION_MAX_MINUTES = env_int("PORTAL_SESSION_MAX_MINUTES", 120)
# Receipt guessing: failures per client address (kept only in this process's memory, under a
# key derived with a secret that also lives only in memory) and failures across all clients.
PORTAL_FAILURES_PER_ADDRESS = env_int("PORTAL_FAILURES_PER_ADDRESS", 20)
PORTAL_FAILURES_GLOBAL_PER_MINUTE = env_int("PORTAL_FAILURES_GLOBAL_PER_MINUTE", 300)
# Shown on the portal as the other way to report.
PORTAL_HOTLINE = env_str("PORTAL_HOTLINE", "")
# Where a report goes when the reporter does not know the unit (a unit code).
PORTAL_DEFAULT_UNIT = env_str("PORTAL_DEFAULT_UNIT", "")
# Below this many staff, a unit is small enough that the content may identify the reporter.
SMALL_UNIT_HEADCOUNT = env_int("SMALL_UNIT_HEADCOUNT", 20)

EVIDENCE_MAX_FILES = env_int("EVIDENCE_MAX_FILES", 10)
EVIDENCE_MAX_FILE_BYTES = env_int("EVIDENCE_MAX_FILE_MB", 20) * 2**20
EVIDENCE_MAX_TOTAL_BYTES = env_int("EVIDENCE_MAX_TOTAL_MB", 60) * 2**20
EVIDENCE_MAX_EXPANDED_BYTES = env_int("EVIDENCE_MAX_EXPANDED_MB", 200) * 2**20
EVIDENCE_MAX_IMAGE_PIXELS = env_int("EVIDENCE_MAX_IMAGE_MEGAPIXELS", 60) * 1_000_000
FILE_UPLOAD_HANDLERS = ["baove.uploads.BoundedMemoryFileUploadHandler"]
TEXT_FIELD_MAX_CHARS = env_int("TEXT_FIELD_MAX_CHARS", 20_000)

CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "baove"},
}

PAGE_SIZE = env_int("PAGE_SIZE", 50)
# Dashboards show a count between 1 and this minus one as "< N": in a small unit it could point at a person.
DASHBOARD_MIN_COUNT = env_int("DASHBOARD_MIN_COUNT", 5)
# Exports run in threads of the web process, or in `manage.py run_exports` when a worker is preferred.
EXPORTS_RUN_INLINE = False
EXPORTS_USE_WORKER = env_bool("EXPORTS_USE_WORKER", False)
EXPORTS_THREADS = env_int("EXPORTS_THREADS", 2)
UNIT_IMPORT_MAX_BYTES = env_int("UNIT_IMPORT_MAX_BYTES", 5 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 10 * 1024 * 1024)

# No request line, and so no client address, is ever logged; errors are logged without request data.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.server": {"handlers": [], "level": "CRITICAL", "propagate": False},
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "django.security": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}

if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    VAULT_KDF = {"time_cost": 1, "memory_cost": 1024, "parallelism": 1}
    RECEIPT_ARGON2 = {"time_cost": 1, "memory_cost": 1024, "parallelism": 1}
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
