"""Configuration from the environment (and a `.env` file). A missing or malformed setting is reported as
one clear line, never a traceback."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from bot.media_dirs import operator_media
from bot.storage import Keyring, StorageConfigError

DEFAULT_API_BASE_URL = "https://api.telegram.org/bot"
DEFAULT_DATABASE_URL = "sqlite:///cbt-bot.sqlite3"
_TOKEN = re.compile(r"^\d{1,20}:[A-Za-z0-9_-]{20,}$")


class SettingsError(ValueError):
    """One line saying which setting is wrong and how to fix it."""


@dataclass(frozen=True)
class Settings:
    token: str
    database_url: str
    api_base_url: str
    api_file_url: str
    flows_dirs: tuple[Path, ...]
    webhook_url: str | None
    webhook_secret: str | None
    port: int
    keyring: Keyring | None = None  # None: answers are stored unencrypted (the bot warns at start)
    health_port: int | None = None  # /healthz and /readyz on a port of their own (in webhook mode also on `port`)
    metrics_port: int | None = None  # Prometheus /metrics; None: no metrics, nothing of them loaded
    public_url: str | None = None  # where people reach this process (https), for the dashboard's links
    media_dirs: tuple[Path, ...] = ()  # CBT_MEDIA_DIR: the operator's recordings, looked in before the shipped ones

    @property
    def dashboard_url(self) -> str:
        """The dashboard's address as a therapist opens it: under PUBLIC_URL, else beside the webhook, else on
        this machine's PORT (polling mode, a desktop beside the bot)."""
        if self.public_url:
            return self.public_url.rstrip("/") + "/dashboard/"
        if self.webhook_url:
            parsed = urlparse(self.webhook_url)
            return f"{parsed.scheme}://{parsed.netloc}/dashboard/"
        return f"http://localhost:{self.port}/dashboard/"

    @property
    def bot_id(self) -> int:
        return int(self.token.split(":", 1)[0])


def environment(dotenv_path: Path = Path(".env")) -> dict[str, str]:
    """The process environment over the `.env` file: what every `cbt-bot` command reads its settings from."""
    return {**_read_dotenv(dotenv_path), **os.environ}


def database_url(env: Mapping[str, str]) -> str:
    return env.get("DATABASE_URL", "").strip() or DEFAULT_DATABASE_URL


def load_settings(environ: Mapping[str, str] | None = None, dotenv_path: Path | None = None) -> Settings:
    env = dict(environ) if environ is not None else environment(dotenv_path or Path(".env"))
    token = env.get("TELEGRAM_BOT_TOKEN", "").strip()
    if not token:
        raise SettingsError("TELEGRAM_BOT_TOKEN is not set: get a token from @BotFather and set it "
                            "in the environment or in .env")
    if not _TOKEN.match(token):
        raise SettingsError("TELEGRAM_BOT_TOKEN does not look like a bot token (expected 123456:ABC-...)")
    base = env.get("TELEGRAM_API_BASE_URL", DEFAULT_API_BASE_URL).strip()
    _require_http_url("TELEGRAM_API_BASE_URL", base)
    webhook_url = env.get("WEBHOOK_URL", "").strip() or None
    secret = env.get("WEBHOOK_SECRET", "").strip() or None
    if webhook_url:
        _require_http_url("WEBHOOK_URL", webhook_url)
        if not secret or not re.fullmatch(r"[A-Za-z0-9_-]{16,256}", secret):
            raise SettingsError("WEBHOOK_SECRET must be set with WEBHOOK_URL: 16–256 characters of "
                                "A-Z, a-z, 0-9, _ and -")
    public_url = env.get("PUBLIC_URL", "").strip() or None
    if public_url:
        _require_http_url("PUBLIC_URL", public_url)
    try:
        keyring = Keyring.from_environment(env)
    except StorageConfigError as error:
        raise SettingsError(str(error)) from error
    port = _port(env.get("PORT", "8080"))
    health_port = _optional_port("HEALTH_PORT", env.get("HEALTH_PORT", ""))
    metrics_port = _optional_port("METRICS_PORT", env.get("METRICS_PORT", ""))
    # PORT is taken in both modes: by the webhook and the dashboard, or by the dashboard alone when polling
    taken = [p for p in (port, health_port, metrics_port) if p is not None]
    if len(taken) != len(set(taken)):
        raise SettingsError("PORT, HEALTH_PORT and METRICS_PORT must be different ports")
    return Settings(
        keyring=keyring,
        public_url=public_url,
        token=token,
        database_url=database_url(env),
        api_base_url=base,
        api_file_url=env.get("TELEGRAM_API_FILE_URL", "").strip() or _file_url_for(base),
        flows_dirs=tuple(Path(p) for p in env.get("CBT_FLOWS_DIR", "").split(os.pathsep) if p.strip()),
        media_dirs=operator_media(env),
        webhook_url=webhook_url,
        webhook_secret=secret,
        port=port,
        health_port=health_port,
        metrics_port=metrics_port,
    )


def _file_url_for(base: str) -> str:
    # python-telegram-bot appends the token to both; Telegram serves files under /file/bot<token>.
    return base[: -len("/bot")] + "/file/bot" if base.endswith("/bot") else base.rstrip("/") + "/file/bot"


def _require_http_url(name: str, value: str) -> None:
    parsed = urlparse(value)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise SettingsError(f"{name} must be an http(s) URL, got {value[:60]!r}")


def _port(raw: str, name: str = "PORT") -> int:
    if not raw.strip().isdigit() or not 1 <= int(raw) <= 65535:
        raise SettingsError(f"{name} must be a number from 1 to 65535, got {raw[:20]!r}")
    return int(raw)


def _optional_port(name: str, raw: str) -> int | None:
    return _port(raw, name) if raw.strip() else None


def _read_dotenv(path: Path) -> dict[str, str]:
    if not path.is_file():
        return {}
    from dotenv import dotenv_values

    return {k: v for k, v in dotenv_values(path).items() if v is not None}
