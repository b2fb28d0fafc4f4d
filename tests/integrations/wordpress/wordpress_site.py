"""A real WordPress for the end-to-end tests: Debian's packages, started on loopback.

MariaDB runs on a private socket in a temporary folder (no network), WordPress is a copy of
Debian's `/usr/share/wordpress` with its own `wp-config.php`, installed by PHP itself (no
wp-cli, no download), and PHP's built-in server serves it on 127.0.0.1. Every process is
started here and stopped here, by its own process id; every wait is bounded.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"
WORDPRESS = Path("/usr/share/wordpress")
THEME = WORDPRESS / "wp-content" / "themes" / "twentytwentythree"
MARIADB = Path("/usr/sbin/mariadbd")
INSTALL_DB = Path("/usr/bin/mariadb-install-db")
ADMIN_PASSWORD = "mot-de-passe-de-test"  # a throw-away site on loopback, deleted after the run


class HarnessError(RuntimeError):
    """WordPress could not be started; the message says which step and shows its output."""


def missing_packages() -> list[str]:
    """Debian packages the harness needs that are not installed."""
    needs = {
        "wordpress": WORDPRESS / "wp-settings.php",
        "wordpress-theme-twentytwentythree": THEME / "style.css",
        "mariadb-server": MARIADB,
        "php-cli": Path("/usr/bin/php"),
    }
    missing = [name for name, path in needs.items() if not path.exists()]
    if shutil.which("php") and not _php_has("mysqli"):
        missing.append("php-mysql")
    return missing


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until(ready: object, what: str, timeout: float, process: subprocess.Popen[bytes]) -> None:
    """Poll `ready()` until true; fail naming `what` if the process dies or time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if ready():  # type: ignore[operator]
            return
        if process.poll() is not None:
            raise HarnessError(f"{what} exited with {process.returncode}")
        time.sleep(0.1)
    raise HarnessError(f"{what} not ready after {timeout:.0f} s")


def stop(process: subprocess.Popen[bytes], group: bool = False) -> None:
    """Stop a process we started (and its children when it leads its own group)."""
    if process.poll() is not None:
        return
    if group:
        os.killpg(process.pid, signal.SIGTERM)
    else:
        process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        if group:
            os.killpg(process.pid, signal.SIGKILL)
        else:
            process.kill()
        process.wait(timeout=10)


@contextmanager
def mariadb(folder: Path) -> Iterator[Path]:
    """A MariaDB server on a private socket; yields the socket path."""
    data, sock, log = folder / "data", folder / "mysqld.sock", folder / "mysqld.err"
    _run(
        [
            str(INSTALL_DB),
            "--no-defaults",
            f"--datadir={data}",
            "--user=root",
            "--auth-root-authentication-method=normal",
            "--skip-test-db",
        ],
        "mariadb-install-db",
        timeout=180,
    )
    process = subprocess.Popen(
        [
            str(MARIADB),
            "--no-defaults",
            f"--datadir={data}",
            f"--socket={sock}",
            f"--pid-file={folder / 'mysqld.pid'}",
            f"--log-error={log}",
            "--skip-networking",
            "--skip-log-bin",
            "--user=root",
            "--innodb-buffer-pool-size=64M",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until(sock.exists, "mariadbd", 60, process)
        _run(
            [
                "mariadb",
                "--no-defaults",
                f"--socket={sock}",
                "-uroot",
                "-e",
                "CREATE DATABASE wordpress CHARACTER SET utf8mb4",
            ],
            "creating the database",
        )
        yield sock
    finally:
        stop(process)


@dataclass(frozen=True)
class WordPressSite:
    """A running WordPress: its URL, its files, and the content the install created."""

    url: str
    root: Path
    video_url: str
    about_url: str
    debug_log: Path

    def php(self, script: Path, **env: str) -> str:
        """Run a PHP script that loads this WordPress; its standard output."""
        return _run(
            ["php", str(script)],
            script.name,
            env={"CONSENTRY_WP_ROOT": str(self.root), "CONSENTRY_WP_URL": self.url, **env},
        )

    def php_errors(self) -> list[str]:
        """PHP errors and warnings logged so far (deprecations of WordPress 6.1 left out)."""
        if not self.debug_log.exists():
            return []
        lines = self.debug_log.read_text(encoding="utf-8", errors="replace").splitlines()
        return [line for line in lines if "PHP " in line and "PHP Deprecated" not in line]


@contextmanager
def wordpress(
    folder: Path, plugin_zip: Path, server_url: str, port: int
) -> Iterator[WordPressSite]:
    """Install and serve WordPress on 127.0.0.1:`port`, Consentry and the test plugin active."""
    missing = missing_packages()
    if missing:
        raise HarnessError(f"missing Debian packages: {', '.join(missing)}")
    with mariadb(folder / "mariadb") as sock:
        root = folder / "wordpress"
        url = f"http://127.0.0.1:{port}"
        _copy_wordpress(root, plugin_zip)
        debug_log = folder / "debug.log"
        (root / "wp-config.php").write_text(_config(sock, debug_log), encoding="utf-8")
        created = json.loads(
            _run(
                ["php", str(FIXTURES / "install.php")],
                "installing WordPress",
                env={
                    "CONSENTRY_WP_ROOT": str(root),
                    "CONSENTRY_WP_URL": url,
                    "CONSENTRY_WP_ADMIN_PASSWORD": ADMIN_PASSWORD,
                    "CONSENTRY_SERVER_URL": server_url,
                },
            )
            .strip()
            .splitlines()[-1]
        )
        log = (folder / "php-server.log").open("wb")
        server = subprocess.Popen(
            ["php", "-S", f"127.0.0.1:{port}", "-t", str(root)],
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PHP_CLI_SERVER_WORKERS": "4"},
            start_new_session=True,  # its workers share its process group: stopped together
        )
        try:
            wait_until(lambda: _accepts(port), "php -S", 30, server)
            yield WordPressSite(url, root, created["video"], created["about"], debug_log)
        finally:
            stop(server, group=True)
            log.close()


def _copy_wordpress(root: Path, plugin_zip: Path) -> None:
    # A copy, not symbolic links: PHP resolves __DIR__ through links, and Debian's own
    # wp-config.php would then be loaded instead of ours.
    shutil.copytree(WORDPRESS, root, symlinks=True, ignore=shutil.ignore_patterns("wp-config.php"))
    content = root / "wp-content"
    shutil.rmtree(content)
    for sub in ("plugins", "themes", "uploads"):
        (content / sub).mkdir(parents=True)
    (content / "themes" / "twentytwentythree").symlink_to(THEME)
    with zipfile.ZipFile(plugin_zip) as archive:
        archive.extractall(content / "plugins")
    shutil.copytree(FIXTURES / "consentry-test-site", content / "plugins" / "consentry-test-site")


def _config(sock: Path, debug_log: Path) -> str:
    keys = "\n".join(
        f"define( '{name}', '{os.urandom(16).hex()}' );"
        for name in (
            "AUTH_KEY",
            "SECURE_AUTH_KEY",
            "LOGGED_IN_KEY",
            "NONCE_KEY",
            "AUTH_SALT",
            "SECURE_AUTH_SALT",
            "LOGGED_IN_SALT",
            "NONCE_SALT",
        )
    )
    return f"""<?php
define( 'DB_NAME', 'wordpress' );
define( 'DB_USER', 'root' );
define( 'DB_PASSWORD', '' );
define( 'DB_HOST', 'localhost:{sock}' );
define( 'DB_CHARSET', 'utf8mb4' );
define( 'DB_COLLATE', '' );
{keys}
$table_prefix = 'wp_';
define( 'WP_DEBUG', true );
define( 'WP_DEBUG_DISPLAY', false );
define( 'WP_DEBUG_LOG', '{debug_log}' );
define( 'DISABLE_WP_CRON', true );
define( 'AUTOMATIC_UPDATER_DISABLED', true );
define( 'WP_HTTP_BLOCK_EXTERNAL', true );
define( 'WPLANG', 'fr_FR' ); // a French site; our labels need no translation files
define( 'WP_ACCESSIBLE_HOSTS', '127.0.0.1' );
if ( ! defined( 'ABSPATH' ) ) {{
	define( 'ABSPATH', __DIR__ . '/' );
}}
require_once ABSPATH . 'wp-settings.php';
"""


def _accepts(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def _php_has(extension: str) -> bool:
    result = subprocess.run(["php", "-m"], capture_output=True, text=True, timeout=30, check=False)
    return extension in result.stdout.split()


def _run(
    command: list[str], what: str, env: dict[str, str] | None = None, timeout: float = 120
) -> str:
    result = subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
        check=False,
    )
    if result.returncode != 0:
        raise HarnessError(
            f"{what} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
        )
    return result.stdout
