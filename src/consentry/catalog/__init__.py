"""Built-in knowledge of services and cookies: the service catalog and the cookie look-up.

`service_ids()` and `service_entry(id)` hand the declaration loader the catalog's services;
`lookup_cookie(name, domain)` and `lookup_host(host)` tell the rules and the scanner what a
cookie or a request host is, from our catalog first and the Open Cookie Database after it.
"""

from consentry.catalog.facts import PURPOSES, CookieFacts, Purpose
from consentry.catalog.lookup import lookup_cookie, lookup_host
from consentry.catalog.services import catalog_file, service_entry, service_ids

__all__ = [
    "PURPOSES",
    "CookieFacts",
    "Purpose",
    "catalog_file",
    "lookup_cookie",
    "lookup_host",
    "service_entry",
    "service_ids",
]
