"""Built-in knowledge of services and cookies: the service catalog and the cookie look-up."""

from consentry.catalog.services import catalog_file, service_entry, service_ids

__all__ = ["catalog_file", "service_entry", "service_ids"]
