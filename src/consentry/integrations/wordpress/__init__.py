"""The WordPress plugin: PHP shipped as package data, and the builder of its zip.

`consentry wordpress-plugin --out DIR` calls `build_plugin`; the plugin itself lives in
`plugin/` (WordPress coding standards) and reads the site's `site.json` baked in at build.
"""

from consentry.integrations.wordpress.build import SLUG, build_plugin, plugin_files
from consentry.integrations.wordpress.site_data import (
    WP_CONSENT_CATEGORIES,
    plugin_site_data,
    wp_consent_rules,
)

__all__ = [
    "SLUG",
    "WP_CONSENT_CATEGORIES",
    "build_plugin",
    "plugin_files",
    "plugin_site_data",
    "wp_consent_rules",
]
