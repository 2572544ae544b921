"""Configuration: a missing or malformed setting is one clear line."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.settings import DEFAULT_API_BASE_URL, DEFAULT_DATABASE_URL, SettingsError, load_settings

TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"


def test_defaults_need_only_a_token() -> None:
    settings = load_settings({"TELEGRAM_BOT_TOKEN": TOKEN})
    assert settings.database_url == DEFAULT_DATABASE_URL
    assert settings.api_base_url == DEFAULT_API_BASE_URL
    assert settings.api_file_url == "https://api.telegram.org/file/bot"
    assert settings.webhook_url is None
    assert settings.bot_id == 123456789
    assert (settings.health_port, settings.metrics_port) == (None, None)  # probes and metrics are opted into


def test_probe_and_metrics_ports() -> None:
    settings = load_settings({"TELEGRAM_BOT_TOKEN": TOKEN, "HEALTH_PORT": "8081", "METRICS_PORT": "9464"})
    assert (settings.health_port, settings.metrics_port) == (8081, 9464)
    with pytest.raises(SettingsError, match="different ports"):  # PORT serves the dashboard when polling too
        load_settings({"TELEGRAM_BOT_TOKEN": TOKEN, "PORT": "8081", "HEALTH_PORT": "8081"})


def test_a_self_hosted_api_server_and_extra_flow_dirs(tmp_path: Path) -> None:
    settings = load_settings({
        "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": "http://127.0.0.1:8081/bot",
        "CBT_FLOWS_DIR": f"{tmp_path}/a:{tmp_path}/b", "DATABASE_URL": "postgresql://u@db/cbt",
    })
    assert settings.api_file_url == "http://127.0.0.1:8081/file/bot"
    assert settings.flows_dirs == (tmp_path / "a", tmp_path / "b")
    assert settings.database_url == "postgresql://u@db/cbt"


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({}, "TELEGRAM_BOT_TOKEN is not set"),
        ({"TELEGRAM_BOT_TOKEN": "nonsense"}, "does not look like a bot token"),
        ({"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": "ftp://x"}, "TELEGRAM_API_BASE_URL must be"),
        ({"TELEGRAM_BOT_TOKEN": TOKEN, "WEBHOOK_URL": "https://bot.example.org/hook"}, "WEBHOOK_SECRET must be set"),
        ({"TELEGRAM_BOT_TOKEN": TOKEN, "WEBHOOK_URL": "https://b.example/h", "WEBHOOK_SECRET": "short"},
         "WEBHOOK_SECRET must be set"),
        ({"TELEGRAM_BOT_TOKEN": TOKEN, "PORT": "eighty"}, "PORT must be a number"),
        ({"TELEGRAM_BOT_TOKEN": TOKEN, "PORT": "70000"}, "PORT must be a number"),
        ({"TELEGRAM_BOT_TOKEN": TOKEN, "HEALTH_PORT": "0"}, "HEALTH_PORT must be a number"),
        ({"TELEGRAM_BOT_TOKEN": TOKEN, "METRICS_PORT": "x"}, "METRICS_PORT must be a number"),
        ({"TELEGRAM_BOT_TOKEN": TOKEN, "HEALTH_PORT": "9000", "METRICS_PORT": "9000"}, "must be different ports"),
        ({"TELEGRAM_BOT_TOKEN": TOKEN, "WEBHOOK_URL": "https://b.example/h", "WEBHOOK_SECRET": "s" * 16,
          "PORT": "8080", "METRICS_PORT": "8080"}, "must be different ports"),
    ],
)
def test_bad_settings_are_one_clear_line(environ: dict[str, str], message: str) -> None:
    with pytest.raises(SettingsError, match=message) as caught:
        load_settings(environ)
    assert "\n" not in str(caught.value)


def test_a_dotenv_file_is_read_and_the_environment_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    dotenv = tmp_path / ".env"
    dotenv.write_text(f"TELEGRAM_BOT_TOKEN={TOKEN}\nPORT=9000\n", encoding="utf-8")
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    monkeypatch.setenv("PORT", "9001")
    settings = load_settings(dotenv_path=dotenv)
    assert settings.token == TOKEN
    assert settings.port == 9001


def test_the_run_command_prints_one_line_without_a_traceback(capsys: pytest.CaptureFixture[str],
                                                             monkeypatch: pytest.MonkeyPatch,
                                                             tmp_path: Path) -> None:
    from bot.cli import main

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    assert main(["run"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "TELEGRAM_BOT_TOKEN is not set" in err
