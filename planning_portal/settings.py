"""
Settings for the planning portal, all read from the environment (django-environ).

Development defaults need no configuration: without any variable set the portal runs in
DEBUG mode on SpatiaLite in ``var/portal.sqlite3``. With ``DEBUG`` off, ``SECRET_KEY`` and
``ALLOWED_HOSTS`` must be given; start-up stops with a clear message otherwise.
Every variable is documented in ``.env.example``.
"""

from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import environ
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
# A .env file beside manage.py is read when present; real environment variables win.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=True)

# --- secrets and hosts -----------------------------------------------------------------
_DEV_SECRET_KEY = "django-insecure-development-only-never-use-in-production"  # noqa: S105
if DEBUG:
    SECRET_KEY = env.str("SECRET_KEY", default=_DEV_SECRET_KEY)
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
else:
    SECRET_KEY = env.str("SECRET_KEY", default="")
    if not SECRET_KEY or SECRET_KEY == _DEV_SECRET_KEY:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. With DEBUG off the portal needs a secret key of its own: "
            "set the SECRET_KEY environment variable to a long random string, e.g. from "
            "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`."
        )
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "ALLOWED_HOSTS is not set. With DEBUG off the portal answers only for the host "
            "names it is told: set ALLOWED_HOSTS to a comma-separated list, e.g. "
            "`ALLOWED_HOSTS=planering.regionjh.se`."
        )

CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# --- applications --------------------------------------------------------------------------
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.gis",
    "django.contrib.humanize",
    "leaflet",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "simple_history",
    "csp",
    "axes",
    "core",
    "places",
    "organisations",
    "projects",
    "dialogues",
    "directions",
    "decisions",
    "maps",
    "ogc",
    "integrations",
    "seed",
    "operations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    # WhiteNoise answers static files itself, compressed ahead of time by collectstatic
    # (CompressedManifestStaticFilesStorage), before the rest of the stack.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Compresses what the views write, after everything below has set the body; only where
    # it is safe from BREACH (see core/middleware.py).
    "core.middleware.CompressionMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "core.request_checks.NulCharacterMiddleware",
    "core.request_checks.FormEncodingMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Logs out idle sessions and staff sessions past their lifetime, before anything reads
    # request.user for the view.
    "core.middleware.SessionTimeoutMiddleware",
    # Cache-Control: private, no-store and Vary: Cookie, Authorization on what a logged-in
    # user or a token receives (the token's user is known once the view has run).
    "core.middleware.PrivateCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # A JSON 503 with Retry-After from the API while the database is away (an exception
    # from the view reaches it first, being below the rest).
    "core.middleware.DatabaseOutageMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "planning_portal.urls"
WSGI_APPLICATION = "planning_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.portal",
            ],
        },
    },
]

# --- database ------------------------------------------------------------------------------
# GeoDjango needs a spatial backend: a plain postgres:// or sqlite:// URL is mapped to PostGIS
# or SpatiaLite, so that any conventional DATABASE_URL works.
_SPATIAL_ENGINES = {
    "django.db.backends.postgresql": "django.contrib.gis.db.backends.postgis",
    "django.db.backends.sqlite3": "django.contrib.gis.db.backends.spatialite",
}
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"spatialite:///{VAR_DIR / 'portal.sqlite3'}"),
}
DATABASES["default"]["ENGINE"] = _SPATIAL_ENGINES.get(
    DATABASES["default"]["ENGINE"], DATABASES["default"]["ENGINE"]
)
if DATABASES["default"]["ENGINE"] not in _SPATIAL_ENGINES.values():
    raise ImproperlyConfigured(
        f"DATABASE_URL must name PostgreSQL/PostGIS (postgis://…) or SpatiaLite "
        f"(spatialite:///path), not {DATABASES['default']['ENGINE']}."
    )
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if "postgis" in DATABASES["default"]["ENGINE"]:
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", default=5)
    )
    # PostgreSQL's JIT compiler spends hundreds of milliseconds compiling a page's short
    # queries whenever the planner's cost estimate is high (a deep page of 20 000 dialogues
    # took 0.67 s, 0.55 s of it JIT); web requests are short queries, so it is off unless
    # DATABASE_JIT=true.
    if not env.bool("DATABASE_JIT", default=False):
        DATABASES["default"]["OPTIONS"].setdefault("options", "-c jit=off")
    # pytest-django and `manage.py test` create this database; name it apart so that
    # parallel checkouts on one server do not share one.
    if env.str("TEST_DATABASE_NAME", default=""):
        DATABASES["default"]["TEST"] = {"NAME": env.str("TEST_DATABASE_NAME")}
else:
    # Tests run in memory (Django's default for SQLite), said explicitly so that
    # pytest-xdist's per-worker suffix leaves it alone (it only knows the sqlite3 engine).
    DATABASES["default"].setdefault("TEST", {"NAME": ":memory:"})
    # Several processes (gunicorn workers) share one file: write-ahead logging lets readers go
    # on while one writes; IMMEDIATE transactions take the write lock at BEGIN, so a second
    # writer waits (up to `timeout` seconds) instead of failing with "database is locked"
    # when it would upgrade a read lock. `make loadtest ARGS=--spatialite` exercises this.
    _sqlite_options = DATABASES["default"].setdefault("OPTIONS", {})
    _sqlite_options.setdefault("init_command", "PRAGMA journal_mode=WAL")
    _sqlite_options.setdefault("transaction_mode", "IMMEDIATE")
    _sqlite_options.setdefault("timeout", env.int("SQLITE_BUSY_TIMEOUT", default=20))
    # Its directory is not made here (importing settings creates nothing): scripts/setup.sh
    # makes var/ for the default; another DATABASE_URL names a directory that exists.

# Read replicas (PostgreSQL streaming replicas of the primary): reads go there, writes to
# the primary. Each replica is a URL; in tests a replica mirrors the primary.
DATABASE_REPLICAS = []
for _index, _url in enumerate(env.list("DATABASE_REPLICA_URLS", default=[]), start=1):
    _alias = f"replica{_index}"
    DATABASES[_alias] = env.db_url_config(_url)
    DATABASES[_alias]["ENGINE"] = _SPATIAL_ENGINES.get(
        DATABASES[_alias]["ENGINE"], DATABASES[_alias]["ENGINE"]
    )
    DATABASES[_alias]["TEST"] = {"MIRROR": "default"}
    if "options" in DATABASES["default"].get("OPTIONS", {}):
        DATABASES[_alias].setdefault("OPTIONS", {}).setdefault(
            "options", DATABASES["default"]["OPTIONS"]["options"]
        )
    DATABASE_REPLICAS.append(_alias)
DATABASE_ROUTERS = ["planning_portal.routers.ReplicaRouter"] if DATABASE_REPLICAS else []

# Two roles on PostgreSQL (README, "Two database roles"): DATABASE_URL is the runtime role,
# which may read and write rows but owns no table, so it can neither change the schema nor
# disable the triggers that lock adjusted minutes; MIGRATION_DATABASE_URL is the owner role,
# the alias "migration" that `manage.py migrate` uses by default (operations' migrate
# command). Without it, the one role does both, as before.
if env.str("MIGRATION_DATABASE_URL", default=""):
    DATABASES["migration"] = {
        **DATABASES["default"],
        **env.db_url_config(env.str("MIGRATION_DATABASE_URL")),
        "ENGINE": DATABASES["default"]["ENGINE"],
        # The same database as default under another role: tests create it once.
        "TEST": {"MIRROR": "default"},
    }

SPATIALITE_LIBRARY_PATH = env.str("SPATIALITE_LIBRARY_PATH", default="mod_spatialite")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FORM_RENDERER = "core.renderers.PortalFormRenderer"  # selects drawn faster, same markup

# Backups (manage.py backup/restore) keep timestamps to the microsecond.
SERIALIZATION_MODULES = {"portaljson": "core.precise_json"}

# --- authentication ------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # django-axes counts failed logins (portal and admin login pages alike) and refuses a
    # locked-out username before the password is checked. API tokens do not pass here.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
# Per username and client address together. Behind the TLS proxy with TRUSTED_PROXY_COUNT
# left at 0 every client has the proxy's address, so it is per username there: someone can
# lock an account on purpose, for the cool-off only (`manage.py axes_reset_username NAME`
# unlocks at once), but never every account at once, as locking the proxy's address would.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Lockouts are listed and lifted with `manage.py axes_list_attempts` / `axes_reset_username`,
# not in the admin: the admin stays the portal's records and accounts.
AXES_ENABLE_ADMIN = False
# Only failed attempts are kept (until the cool-off ends or a login succeeds); successful
# logins are not logged apart: the user's last_login and the change history suffice.
AXES_DISABLE_ACCESS_LOG = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# How many proxies of the portal's own (the TLS proxy, a load balancer) stand in front of it
# and append to X-Forwarded-For. The client's address is the one the outermost of them wrote
# (core/client_address.py); 0 ignores the header, which a client can fill with anything.
# The login lockout and the API's anonymous throttling count by this same address.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "core.client_address.client_address"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# /healthz names the database engine and the PostGIS/SpatiaLite versions to everyone when on;
# off, only to staff (load balancers need only the status).
HEALTHZ_DETAILS = env.bool("HEALTHZ_DETAILS", default=False)

# Anonymous visitors may read published material. Turn off to require a login for everything.
PUBLIC_READING = env.bool("PUBLIC_READING", default=True)

# --- internationalisation ------------------------------------------------------------------
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

# --- static and uploaded files -------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default="") or VAR_DIR / "static")
STATICFILES_DIRS = [BASE_DIR / "static"]
# WhiteNoise looks here at start-up (and warns when it is missing): `collectstatic` makes
# it for production, scripts/setup.sh makes the default one for development.
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default="") or VAR_DIR / "media")
# The largest document a user may upload (core.uploads checks it, and the type by content).
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=25 * 1024 * 1024)
# Uploaded files on S3-compatible object storage (django-storages) when a bucket is named,
# so that app servers hold no state; the local file system otherwise.
AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
AWS_S3_ENDPOINT_URL = env.str("AWS_S3_ENDPOINT_URL", default="") or None
AWS_S3_REGION_NAME = env.str("AWS_S3_REGION_NAME", default="") or None
AWS_ACCESS_KEY_ID = env.str("AWS_ACCESS_KEY_ID", default="") or None
AWS_SECRET_ACCESS_KEY = env.str("AWS_SECRET_ACCESS_KEY", default="") or None
AWS_DEFAULT_ACL = None  # private objects; downloads go through the portal's views
AWS_QUERYSTRING_AUTH = True
AWS_S3_FILE_OVERWRITE = False
STORAGES = {
    "default": {
        "BACKEND": "storages.backends.s3.S3Storage"
        if AWS_STORAGE_BUCKET_NAME
        else "django.core.files.storage.FileSystemStorage"
    },
    "staticfiles": {
        # Hashed, compressed file names in production (needs `collectstatic`); plain
        # files in development and tests.
        "BACKEND": env.str("STATICFILES_STORAGE", default="")
        or (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        ),
    },
}

# --- cache and sessions --------------------------------------------------------------------
# Redis when REDIS_URL is set (shared by all app servers: layer caches, sessions), local
# memory otherwise (one process; fine for development and a single server).
# Seconds a map layer's GeoJSON stays cached (maps.layers.cached_collection). Its key changes
# with every write to the layer's records, so this bounds only the memory held by answers no
# longer asked for; 0 turns the layer cache off (`make bench` measures both).
LAYER_CACHE_SECONDS = env.int("LAYER_CACHE_SECONDS", default=3600)
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="portal"),
            "TIMEOUT": 3600,
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "planning-portal",
            "TIMEOUT": 3600,
        }
    }

# --- security (production) -----------------------------------------------------------------
# Behind a TLS-terminating proxy that sets X-Forwarded-Proto (see README, "Deploying").
if env.bool("SECURE_PROXY_SSL_HEADER", default=not DEBUG):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# /healthz is probed over plain HTTP by load balancers and must not be redirected.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# A session unused this long is logged out (8 hours: a working day); a staff session (the
# admin's accounts) ends this long after it began, busy or not (core.middleware). Other
# sessions last at most SESSION_COOKIE_AGE (Django's 14 days).
SESSION_IDLE_SECONDS = env.int("SESSION_IDLE_SECONDS", default=8 * 3600)
STAFF_SESSION_MAX_SECONDS = env.int("STAFF_SESSION_MAX_SECONDS", default=12 * 3600)

SILENCED_SYSTEM_CHECKS = [
    # gis.W001: GDAL < 3.9 (Debian 12 ships 3.6) cannot forbid file and network access while
    # parsing a spatial reference given as free text. The portal never hands free text to
    # GDAL's spatial-reference parser: geometry input goes through core.geo.parse_geojson,
    # which refuses any GeoJSON "crs" member, and SRIDs are accepted only as integers from
    # an allow-list (tests/core/test_geo.py proves both). Explained in README, "GDAL".
    "gis.W001",
    # security.W008 (SECURE_SSL_REDIRECT) and W004 (HSTS) are set from the environment;
    # they are on by default with DEBUG off, so they are not silenced here.
]

# --- REST framework (the API at /api/v1/; see README "REST API for integrations") ----------
REST_FRAMEWORK = {
    # Integration tokens first, so that a request without credentials is answered 401 with
    # "WWW-Authenticate: Bearer"; sessions (with CSRF) for people logged in to the portal.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "integrations.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["core.api.permissions.PortalPermission"],
    "DEFAULT_THROTTLE_CLASSES": [
        "core.api.throttling.AnonymousThrottle",
        "core.api.throttling.TokenThrottle",
        "core.api.throttling.UserThrottle",
    ],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["core.api.parsers.StrictJSONParser"],
    "DEFAULT_PAGINATION_CLASS": "core.api.pagination.PortalPagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "core.api.schema.PortalAutoSchema",
    "DEFAULT_METADATA_CLASS": None,
    "EXCEPTION_HANDLER": "core.api.errors.exception_handler",
    "ORDERING_PARAM": "ordering",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
API_PAGE_SIZE = 50
API_MAX_PAGE_SIZE = 500
# CSV and iCalendar exports carry every matching row, up to this many.
API_EXPORT_MAX_ROWS = env.int("API_EXPORT_MAX_ROWS", default=10_000)
API_THROTTLE_RATES = {
    "anon": env.str("API_THROTTLE_ANON", default="120/minute"),
    "token": env.str("API_THROTTLE_TOKEN", default="1200/minute"),
    "user": env.str("API_THROTTLE_USER", default="600/minute"),
}
# Throttling counts in the default cache: with several processes, set REDIS_URL (below
# "cache and sessions") so that they share the counts.

SPECTACULAR_SETTINGS = {
    "TITLE": "Regional planning portal API",
    "DESCRIPTION": "Projects, dialogues, statements of intent, decision records and places of "
    "Region Jämtland Härjedalen's regional strategic planning. Anonymous clients read what is "
    "published; integration tokens (Authorization: Bearer …) and logged-in users read and "
    "write what their role allows. Every object carries an ETag; changes send it back in "
    "If-Match. Map layers (GeoJSON FeatureCollections) are under /api/v1/layers/. The "
    "integration guide is in the README, section “REST API for integrations”.",
    "VERSION": "1",
    # Request bodies have their own components (no read-only fields, PATCH all optional).
    "COMPONENT_SPLIT_REQUEST": True,
    "COMPONENT_SPLIT_PATCH": True,
    # The "type" member of each GeoJSON geometry (core.api.schema) is an enum of one value.
    "ENUM_NAME_OVERRIDES": {
        f"GeoJSON{kind}Type": [kind]
        for kind in (
            "Point",
            "MultiPoint",
            "LineString",
            "MultiLineString",
            "Polygon",
            "MultiPolygon",
            "GeometryCollection",
        )
    },
    # The interactive docs are served from the portal's own static files (no CDN).
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema and its docs are read like the API itself: by anyone while PUBLIC_READING
    # is on, otherwise by logged-in users and tokens only (401).
    "SERVE_PERMISSIONS": ["core.api.permissions.PortalPermission"],
    "SERVE_AUTHENTICATION": None,
}

# --- public-sector pages (accessibility statement, personal data, contact) ---------------
# Facts only the operator knows; the pages say plainly "not set by the operator" when one is
# empty, so that nothing is invented (planning_portal/pages.py).
PORTAL_CONTACT_EMAIL = env.str("PORTAL_CONTACT_EMAIL", default="")
# The registry's (registratur) postal address, lines separated by "\n" or new lines.
PORTAL_REGISTRY_ADDRESS = env.str("PORTAL_REGISTRY_ADDRESS", default="").replace("\\n", "\n")
# The data protection officer (dataskyddsombud); falls back to nothing, not to the contact.
PORTAL_DATA_PROTECTION_EMAIL = env.str("PORTAL_DATA_PROTECTION_EMAIL", default="")
# Where to report inaccessible content (DOS-lagen's feedback function); PORTAL_CONTACT_EMAIL
# when empty.
ACCESSIBILITY_FEEDBACK_EMAIL = env.str("ACCESSIBILITY_FEEDBACK_EMAIL", default="")


def _iso_date(name: str):
    """A date setting in ISO form (2026-12-04), or None when unset; a typo stops start-up."""
    value = env.str(name, default="")
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a date as YYYY-MM-DD, not {value!r}.") from None


# When the accessibility of this release was last assessed, and when the statement was last
# reviewed: dates of the operator's own work, so settings and never a default.
ACCESSIBILITY_ASSESSED_ON = _iso_date("ACCESSIBILITY_ASSESSED_ON")
ACCESSIBILITY_STATEMENT_UPDATED_ON = _iso_date("ACCESSIBILITY_STATEMENT_UPDATED_ON")

# --- maps ----------------------------------------------------------------------------------
MAP_TILES_URL = env.str("MAP_TILES_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILES_ATTRIBUTION = env.str(
    "MAP_TILES_ATTRIBUTION",
    default='&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
)
# Boundary files the admin's import page offers (besides uploading one); by default the
# demo boundaries the portal ships (seed/data/README.md).
BOUNDARY_DATA_DIR = Path(env.str("BOUNDARY_DATA_DIR", default="") or BASE_DIR / "seed" / "data")
LEAFLET_CONFIG = {
    # Jämtlands län; the map pages fit themselves to their data.
    "DEFAULT_CENTER": (63.0, 14.6),
    "DEFAULT_ZOOM": 6,
    "MIN_ZOOM": 3,
    "MAX_ZOOM": 18,
    "TILES": [(_("Map"), MAP_TILES_URL, {"attribution": MAP_TILES_ATTRIBUTION})],
    "RESET_VIEW": False,
    "NO_GLOBALS": False,
}

# --- Content-Security-Policy (django-csp; see SECURITY.md) ---------------------------------
# On in development and tests too, so that they see what production does. Scripts come only
# from the portal's own origin (static ES modules, Swagger UI's set-up at /api/docs/?script)
# or carry the request's nonce (django-leaflet's admin widget writes inline set-up code).
# Style sheets only from the portal; style *attributes* are allowed (django-simple-history's
# admin pages write one, and Leaflet plugins and Swagger UI may): they cannot run code.
# Images: the portal, data: URIs (Leaflet, Swagger UI) and the background tiles' host
# ("{s}" subdomains become a wildcard).
_tiles = urlsplit(MAP_TILES_URL)
_TILES_SOURCE = [f"{_tiles.scheme}://{_tiles.netloc.replace('{s}', '*')}"] if _tiles.netloc else []
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": [SELF, "data:", *_TILES_SOURCE],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# --- logging -------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # django-axes: failed logins and lockouts are warnings; its start-up banner and routine
    # bookkeeping (info) would print on every management command.
    "loggers": {"axes": {"level": "WARNING"}},
}
