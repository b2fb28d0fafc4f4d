"""Join the banner's JavaScript modules into one script, and minify it and the stylesheet.

The modules in `js/` are plain ES modules that import each other by relative path, so they
read (and type-check) as modules. Here they are scope-hoisted, as a bundler would: ordered
by their imports, `import` lines dropped and `export` keywords removed, all inside one
function, where the minifier is free to shorten every internal name. Top-level names must
therefore be unique across modules, which `join_modules` checks.

The minifier is tdewolff/minify through its PyPI wheel: a compiled Go library, so building
needs neither Node nor a download, it understands current JavaScript (optional chaining,
`??`, classes), renames local names, and minifies CSS too. rjsmin only strips whitespace
(about 40 % larger output here), and calmjs.parse stops at ES5.
"""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files

import minify

ENTRY = "main.js"
CONFIG_SLOT = "__CONSENTRY_CONFIG__"
CSS_SLOT = "__CONSENTRY_CSS__"

_IMPORT = re.compile(r'^import\s*\{[^}]*\}\s*from\s*"\./([\w-]+\.js)";[ \t]*\n', re.M)
_EXPORT = re.compile(r"^export\s+(?=(?:async\s+)?(?:function|const|let|class)\b)", re.M)
_TOP_NAME = re.compile(r"^(?:export\s+)?(?:async\s+)?(?:function\*?|const|let|class)\s+(\w+)", re.M)


class BundleError(RuntimeError):
    """The banner's own JavaScript sources are inconsistent (a bug in the package)."""


def module_source(name: str) -> str:
    """The source of one module of `js/`."""
    return (files("consentry.banner") / "js" / name).read_text(encoding="utf-8")


def module_order(entry: str = ENTRY) -> list[str]:
    """Module file names, each after the modules it imports."""
    order: list[str] = []
    visiting: set[str] = set()

    def visit(name: str) -> None:
        if name in order:
            return
        if name in visiting:
            raise BundleError(f"js/{name}: circular import")
        visiting.add(name)
        for dependency in _IMPORT.findall(module_source(name)):
            visit(dependency)
        visiting.discard(name)
        order.append(name)

    visit(entry)
    return order


def join_modules(entry: str = ENTRY) -> str:
    """One script: the modules hoisted into a function that calls `main(CONFIG, CSS)`."""
    seen: dict[str, str] = {}
    parts = []
    for name in module_order(entry):
        source = module_source(name)
        for top in _TOP_NAME.findall(source):
            if top in seen:
                raise BundleError(f"js/{name}: {top} is also defined in js/{seen[top]}")
            seen[top] = name
        parts.append(_EXPORT.sub("", _IMPORT.sub("", source)))
    body = "\n".join(parts)
    return f'(()=>{{"use strict";\n{body}\nmain({CONFIG_SLOT},{CSS_SLOT});}})();\n'


@cache
def minified_script() -> str:
    """The joined, minified script, with the two slots still to fill (built once)."""
    script: str = minify.string("application/javascript", join_modules())
    for slot in (CONFIG_SLOT, CSS_SLOT):
        if script.count(slot) != 1:
            raise BundleError(f"the minifier changed the {slot} slot")
    return script


@cache
def minified_css() -> str:
    """consentry.css, minified (built once)."""
    css = (files("consentry.banner") / "consentry.css").read_text(encoding="utf-8")
    minified: str = minify.string("text/css", css)
    return minified
