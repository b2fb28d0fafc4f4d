"""The cookie-policy page, rendered from the declaration (requirements R54–R56, P1–P13).

`render_policy(declaration, lang, fmt)` gives the whole page, HTML or Markdown, in French or
English; `policy_stylesheet()` is the CSS the HTML page links (served at `/policy.css`, since
the CSP forbids inline styles). `build_view` exposes what the page says, as plain data.
"""

from consentry.policy.render import SCRIPT_PATH, render_policy
from consentry.policy.stylesheet import STYLESHEET_PATH, policy_stylesheet, stylesheet_version
from consentry.policy.view import PolicyView, TrackerRow, build_view

__all__ = [
    "SCRIPT_PATH",
    "STYLESHEET_PATH",
    "PolicyView",
    "TrackerRow",
    "build_view",
    "policy_stylesheet",
    "render_policy",
    "stylesheet_version",
]
