"""The lines a Django project adds to settings.py (docs/python-sites.md)."""

from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "consentry.integrations.django",  # {% load consentry %}
]

MIDDLEWARE = [
    "consentry.integrations.django.ConsentMiddleware",  # first: it sees every cookie set below
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
]

CONSENTRY_DECLARATION = BASE_DIR / "consentry.toml"
