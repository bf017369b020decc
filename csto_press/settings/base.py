"""Settings shared by every environment, read from the environment (12-factor).

local.py, test.py and production.py import this module and only state what differs.
"""

import datetime
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# An optional .env file beside manage.py, for local convenience only; production
# gets its variables from the process environment (docker-compose env_file).
env_file = BASE_DIR / ".env"
if env_file.is_file():
    env.read_env(str(env_file))

# DEBUG, SECRET_KEY and ALLOWED_HOSTS are each environment's own (local.py, test.py,
# production.py): no shared default that one of them could silently inherit.
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # Before the admin, as django-modeltranslation requires.
    "modeltranslation",
    # Before the admin too: its ready() registers the content types (core/content.py),
    # whose translated fields the admin classes need.
    "core",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "ckeditor",
    "ckeditor_uploader",
    "simple_history",
    "axes",
    "django_filters",
    # Meetings before news only for the demo content: its press release links to a meeting.
    "meetings",
    "news",
    # Issue 17: the press office's pages and the people of the Organization.
    "people",
    "pages",
    # Photo galleries (after news: its demo adds photos to the news demo's releases) and
    # the renditions of every picture (README "Photos").
    "imagekit",
    "gallery",
    "events",
    "topics",
    "website",
    "archive",
    # The open JSON API (api/, README "Open JSON API").
    *["rest_framework", "drf_spectacular", "drf_spectacular_sidecar", "corsheaders", "api"],
    "subscriptions",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # CORS for the open API's GETs; outside ConditionalGet, so its 304s carry CORS too.
    "corsheaders.middleware.CorsMiddleware",
    # A repeat visit gets a 304 (ETag), whatever cache the page came from.
    "django.middleware.http.ConditionalGetMiddleware",
    # Public for shared caches (nginx) or private: decided on the finished response
    # (core/cache.py).
    "core.cache.CacheHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Inside LocaleMiddleware: an old address's 404 becomes its one redirect before the
    # language redirect could add a second (archive/middleware.py).
    "archive.middleware.OldAddressMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "core.security.SiteCSPMiddleware",
    "core.security.PermissionsPolicyMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a lockout into its response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "csto_press.urls"
WSGI_APPLICATION = "csto_press.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                # The menu: news sections and the press office's pages (issue 17).
                "website.navigation.navigation",
            ],
        },
    },
]

# With nothing set, an embedded SQLite file (gitignored); DATABASE_URL=postgres://… for PostgreSQL.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
# A new connection per request here; production.py keeps them open (DJANGO_CONN_MAX_AGE).
DATABASES["default"]["CONN_MAX_AGE"] = 0
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Russian is the working language of the CSTO: the default for readers whose browser
# states no preference, and the interface language of anything outside /en/ and /ru/.
LANGUAGE_CODE = env("DJANGO_LANGUAGE_CODE", default="ru")
LANGUAGES = [("en", _("English")), ("ru", _("Russian"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Content translation (django-modeltranslation): English is the language the original
# columns hold; an empty field shows its other-language text (names of sections, bodies…).
# Whether a whole item exists in a language is decided by its title (core/publishing.py).
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = ("en", "ru")
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("en", "ru")}
# The Secretariat works in Moscow; dates on releases are Moscow dates.
TIME_ZONE = env("DJANGO_TIME_ZONE", default="Europe/Moscow")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "media")

# Uploads: a request body larger than this is refused before it reaches a view.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o644
MAX_IMAGE_UPLOAD_BYTES = env.int("CSTO_MAX_IMAGE_UPLOAD_BYTES", default=5 * 1024 * 1024)
MAX_IMAGE_PIXELS = env.int("CSTO_MAX_IMAGE_PIXELS", default=40_000_000)
MAX_DOCUMENT_UPLOAD_BYTES = env.int("CSTO_MAX_DOCUMENT_UPLOAD_BYTES", default=20 * 1024 * 1024)
# Video (core/video.py): the sites whose players a release may embed (youtube, rutube, vk),
# and the largest MP4 (nginx takes bodies up to 25 MB: raise client_max_body_size with it).
VIDEO_PROVIDERS = env.list("CSTO_VIDEO_PROVIDERS", default=["youtube", "rutube", "vk"])
MAX_VIDEO_UPLOAD_BYTES = env.int("CSTO_MAX_VIDEO_UPLOAD_BYTES", default=24 * 1024 * 1024)
# Renditions of pictures (core/renditions.py): made when a picture is saved, so a page only
# builds their addresses.
IMAGEKIT_CACHEFILE_DIR = "renditions"
IMAGEKIT_DEFAULT_CACHEFILE_STRATEGY = "imagekit.cachefiles.strategies.Optimistic"

# --- Mail: the review hand-off (core/review.py) -----------------------------------------
# An address such as smtp+tls://user:password@relay.example.org:587 (django-environ's
# email URL); printed to the console by default, so nothing leaves a developer's machine.
vars().update(env.email_url("DJANGO_EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", default="press-office@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Subscribers' mail and webhooks (subscriptions/, README "Subscriptions and webhooks") ---
# The outbox is in PostgreSQL; the broker only wakes the workers (csto_press/celery.py).
# Without CELERY_BROKER_URL (local development) tasks run at once in the process that queues
# them; production.py requires one.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="memory://")
CELERY_TASK_ALWAYS_EAGER = env.bool(
    "CELERY_TASK_ALWAYS_EAGER", default=CELERY_BROKER_URL == "memory://"
)
# A task is acknowledged after it ran, and given back to the queue when its worker dies;
# each worker holds one at a time.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# The queue's name: several sites (or test runs) may share one broker, each on its own queue.
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_QUEUE", default="csto")
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# The site's address in mail and webhooks (links must be absolute): https://press.example.org
CSTO_SITE_URL = env("CSTO_SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# Sign-up limits: confirmation mails per address, and sign-ups per client, per hour.
CSTO_SUBSCRIBE_PER_ADDRESS = env.int("CSTO_SUBSCRIBE_PER_ADDRESS", default=3)
CSTO_SUBSCRIBE_PER_CLIENT = env.int("CSTO_SUBSCRIBE_PER_CLIENT", default=10)
# How long a confirmation link stays valid.
CSTO_SUBSCRIBE_CONFIRM_HOURS = env.int("CSTO_SUBSCRIBE_CONFIRM_HOURS", default=48)
# Sending: attempts before a delivery is marked failed; the first retry's delay (doubled
# at each attempt, at most an hour).
CSTO_DELIVERY_ATTEMPTS = env.int("CSTO_DELIVERY_ATTEMPTS", default=8)
CSTO_DELIVERY_RETRY_SECONDS = env.int("CSTO_DELIVERY_RETRY_SECONDS", default=30)

# Webhooks go to public https addresses only (subscriptions/webhooks.py). Tests turn these on
# to reach a receiver on 127.0.0.1; production.py refuses to start with either on.
CSTO_WEBHOOK_ALLOW_HTTP = env.bool("CSTO_WEBHOOK_ALLOW_HTTP", default=False)
CSTO_WEBHOOK_ALLOW_PRIVATE = env.bool("CSTO_WEBHOOK_ALLOW_PRIVATE", default=False)

LOGIN_URL = "admin:login"
# Where the admin's login goes when its "next" is missing or leads off the site.
LOGIN_REDIRECT_URL = "admin:index"

# --- Rich text -------------------------------------------------------------------------
# CKEditor 4 (bundled with django-ckeditor) is end-of-life. It is used only as an admin
# widget; every body is sanitized with nh3 on save (core/sanitizer.py), so what the
# editor lets through never reaches readers unfiltered. See README "Rich text editor".
SILENCED_SYSTEM_CHECKS = ["ckeditor.W001"]
CKEDITOR_UPLOAD_PATH = "uploads/"
CKEDITOR_ALLOW_NONIMAGE_FILES = False
CKEDITOR_IMAGE_BACKEND = "ckeditor_uploader.backends.PillowBackend"
CKEDITOR_FILENAME_GENERATOR = "core.uploads.ckeditor_filename"
CKEDITOR_BROWSE_SHOW_DIRS = False
CKEDITOR_CONFIGS = {
    "default": {
        "versionCheck": False,
        "toolbar": "Custom",
        "toolbar_Custom": [
            ["Format", "Bold", "Italic", "Underline", "Strike", "Subscript", "Superscript"],
            ["NumberedList", "BulletedList", "Blockquote", "HorizontalRule"],
            ["Link", "Unlink", "Image", "Table"],
            ["RemoveFormat", "Source", "Maximize"],
        ],
        "format_tags": "p;h2;h3;h4",
        "height": 360,
        "width": "100%",
        # Keep the editor's output close to what the sanitizer keeps.
        "disallowedContent": "*[style]; *{*}; script; iframe; object; embed",
        "removePlugins": "exportpdf",
    },
}

CSTO_SITE_NAME = _("CSTO Secretariat press service")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
    },
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
    },
}

# --- Caching (core/cache.py, README "Caching") ----------------------------------------
# How long a shared cache (nginx's microcache, a CDN) may keep a page an anonymous reader got
# (s-maxage; shorter before a scheduled publication). Browsers always revalidate.
CSTO_SHARED_CACHE_SECONDS = env.int("CSTO_SHARED_CACHE_SECONDS", default=10)
# How long the few expensive values behind pages (list totals, archive months, filter
# choices, the menu) are kept in Django's cache. The two together are the longest an edit
# takes to reach every reader: 10 + 5 = 15 seconds by default.
CSTO_VALUE_CACHE_SECONDS = env.int("CSTO_VALUE_CACHE_SECONDS", default=5)

# --- Security ----------------------------------------------------------------------------
from csp.constants import NONE, SELF  # noqa: E402

# The admin lives at a configurable address (DJANGO_ADMIN_URL, e.g. "office-7f3a/").
ADMIN_URL = env("DJANGO_ADMIN_URL", default="admin/").strip("/") + "/"

# Public pages: only the site's own files; no inline script or style anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "frame-src": [NONE],
        "object-src": [NONE],
        "base-uri": [NONE],
    },
}
# The admin and its editor only: CKEditor 4 writes inline styles and inline event handlers
# into its own toolbar and dialogs, and frames its editing area.
ADMIN_CONTENT_SECURITY_POLICY_REPLACE = {
    "script-src": [SELF, "'unsafe-inline'"],
    "style-src": [SELF, "'unsafe-inline'"],
    "img-src": [SELF, "data:", "blob:"],
    "frame-src": [SELF],
    "frame-ancestors": [SELF],
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True

# Login protection (django-axes): 5 failures for one username from one address lock that
# pair out for 15 minutes; a right password works again after the cool-off.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("CSTO_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("CSTO_LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "core.security.client_ip"
AXES_VERBOSE = False
# The reverse proxies in front of Django (our nginx, a TLS proxy), as addresses or networks:
# X-Forwarded-For is believed only from them, entry by entry from the right. Empty: the
# client address is the socket's (REMOTE_ADDR), whatever the request says.
TRUSTED_PROXIES = env.list("CSTO_TRUSTED_PROXIES", default=[])

# --- The open JSON API (api/, README "Open JSON API") --------------------------------------
REST_FRAMEWORK = {
    # Public data only: no session or credentials are ever read, so staff get what readers get.
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_SCHEMA_CLASS": "api.schema.ApiSchema",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "CSTO press site: open API",
    "DESCRIPTION": "Read-only, public data of the CSTO Secretariat's press site, in English "
    'and Russian (?lang=en|ru). See the README\'s section "Open JSON API".',
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PUBLIC": True,
    "SERVE_AUTHENTICATION": [],
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    # Swagger UI from the site's own static files (drf-spectacular-sidecar), never a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "ArticleKindEnum": "news.models.Article.Kind",
        "DocumentKindEnum": "meetings.models.Document.Kind",
        "StepStatusEnum": "meetings.models.StepStatus",
        "MeetingStatusEnum": "meetings.models.Meeting.MeetingStatus",
    },
}
# Requests per client address (core.security.client_ip) to /api/v1/, counted in the cache.
CSTO_API_RATE = env("CSTO_API_RATE", default="120/min")
# CORS (django-cors-headers): any site may GET the API and its schema, without credentials.
CORS_URLS_REGEX = r"^/api/(v1/|schema/)"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_HEADERS = ["accept", "accept-language", "if-none-match", "if-modified-since"]
CORS_EXPOSE_HEADERS = ["ETag", "Content-Language", "Retry-After"]
