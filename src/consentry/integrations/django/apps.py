"""The Django app, installed for its `{% load consentry %}` template library."""

from __future__ import annotations

from django.apps import AppConfig


class ConsentryConfig(AppConfig):  # type: ignore[misc]  # Django ships no type information
    name = "consentry.integrations.django"
    label = "consentry"
    verbose_name = "Consentry"
