"""The peer banners: pinned npm packages installed into a git-ignored cache, and their files.

Installed with the ordinary `npm` client and `--ignore-scripts`, so no package can run an install
step (none of these tries to download a browser; with the flag, none could). `terser` is only used
to re-minify the hand-trimmed tarteaucitron services file, as a site owner trimming it would.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

CACHE = Path(__file__).resolve().parent / ".cache"
NODE_MODULES = CACHE / "node_modules"

# npm name -> exact version (the ones measured in shared/research/client-anchors.md)
PACKAGES = {
    "vanilla-cookieconsent": "3.1.0",
    "klaro": "0.7.22",
    "tarteaucitronjs": "1.34.0",
    "terser": "5.51.4",
}
# The tarteaucitron services the test page uses, for the hand-trimmed variant.
TAC_SERVICES = ("youtube", "vimeo", "matomo", "gtag", "sendinblue", "linkedin", "twitter")


class PeerSetupError(RuntimeError):
    """npm or node failed, or a package does not hold the file we expect."""


@dataclass(frozen=True)
class PeerFile:
    """One file a peer's page may load: its URL path on the bench server and where it comes from."""

    url: str
    source: Path


def installed_version(name: str) -> str | None:
    """Version of `name` in the cache, or None when absent or unreadable."""
    manifest = NODE_MODULES / name / "package.json"
    try:
        version = json.loads(manifest.read_text(encoding="utf-8"))["version"]
    except (OSError, ValueError, KeyError):
        return None
    return str(version)


def ensure_installed() -> None:
    """Install the pinned packages with npm unless the cache already holds exactly them."""
    if all(installed_version(n) == v for n, v in PACKAGES.items()):
        return
    npm = shutil.which("npm")
    if npm is None:
        raise PeerSetupError(
            "npm is not on PATH: install Debian's `npm` package to fetch the peers"
        )
    CACHE.mkdir(parents=True, exist_ok=True)
    manifest = {"name": "consentry-bench-peers", "private": True, "dependencies": PACKAGES}
    (CACHE / "package.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    command = [npm, "install", "--ignore-scripts", "--no-audit", "--no-fund", "--no-package-lock"]
    command += ["--legacy-peer-deps", "--omit=optional", "--loglevel=error"]
    done = subprocess.run(
        command, check=False, cwd=CACHE, capture_output=True, text=True, timeout=600
    )
    if done.returncode != 0:
        raise PeerSetupError(f"npm install failed in {CACHE}:\n{done.stderr.strip()}")
    wrong = {n: installed_version(n) for n, v in PACKAGES.items() if installed_version(n) != v}
    if wrong:
        raise PeerSetupError(f"npm installed unexpected versions: {wrong} (wanted {PACKAGES})")


def tarteaucitron_subset(out: Path) -> Path:
    """Write the used services of tarteaucitron.services.js, minified with terser, to `out`.

    Each definition starts at `tarteaucitron.services.<key> = {` and ends at the first line
    that is exactly `};` (the file's own formatting), as a site owner copying them would do.
    """
    source = (NODE_MODULES / "tarteaucitronjs" / "tarteaucitron.services.js").read_text("utf-8")
    parts = []
    for key in TAC_SERVICES:
        found = re.search(rf"^tarteaucitron\.services\.{key} = \{{.*?^\}};$", source, re.S | re.M)
        if found is None:
            raise PeerSetupError(f"tarteaucitron.services.js has no service {key!r}")
        parts.append(found.group(0))
    plain = out.with_suffix(".src.js")
    plain.write_text("\n".join(parts) + "\n", encoding="utf-8")
    node = shutil.which("node")
    if node is None:
        raise PeerSetupError("node is not on PATH: it runs terser for the trimmed tarteaucitron")
    terser = NODE_MODULES / "terser" / "bin" / "terser"
    command = [node, str(terser), str(plain), "-c", "-m", "-o", str(out)]
    done = subprocess.run(command, check=False, capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        raise PeerSetupError(f"terser failed on {plain}:\n{done.stderr.strip()}")
    plain.unlink()
    return out


def peer_files(work: Path) -> list[PeerFile]:
    """Every peer file the test pages may request, under /vendor/<package>/...

    tarteaucitron computes the paths of its CSS, language and services files from its own
    script URL, so they keep the package's layout.
    """
    tac = NODE_MODULES / "tarteaucitronjs"
    vcc = NODE_MODULES / "vanilla-cookieconsent" / "dist"
    klaro = NODE_MODULES / "klaro" / "dist"
    subset = tarteaucitron_subset(work / "tarteaucitron.services.subset.min.js")
    return [
        PeerFile("/vendor/tarteaucitron/tarteaucitron.min.js", tac / "tarteaucitron.min.js"),
        PeerFile(
            "/vendor/tarteaucitron/tarteaucitron.services.min.js",
            tac / "tarteaucitron.services.min.js",
        ),
        PeerFile(
            "/vendor/tarteaucitron/lang/tarteaucitron.fr.min.js",
            tac / "lang" / "tarteaucitron.fr.min.js",
        ),
        PeerFile(
            "/vendor/tarteaucitron/css/tarteaucitron.min.css", tac / "css" / "tarteaucitron.min.css"
        ),
        PeerFile("/vendor/tarteaucitron/tarteaucitron.services.subset.min.js", subset),
        PeerFile("/vendor/klaro/klaro.js", klaro / "klaro.js"),
        PeerFile("/vendor/vcc/cookieconsent.umd.js", vcc / "cookieconsent.umd.js"),
        PeerFile("/vendor/vcc/cookieconsent.css", vcc / "cookieconsent.css"),
    ]
