"""`consentry demo`: the reference e-learning site, its banner and its third parties, offline.

The site and small stand-ins of YouTube, Vimeo, Google Analytics, Matomo, Brevo, LinkedIn,
X and Acme Chat answer on one port, each under its own `*.localhost` host name. The CLI
composes this app with the consent server (`consentry.web`), which this package never imports.
"""

from consentry.demo.app import create_demo_app
from consentry.demo.declaration import SITE_HOST, demo_declaration, standin_host

__all__ = ["SITE_HOST", "create_demo_app", "demo_declaration", "standin_host"]
