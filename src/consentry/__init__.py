"""Consentry: a self-hosted consent management platform driven by one declaration."""

__version__ = "0.1.0"
