"""Why the Bot API could not be reached, from real failures on loopback sockets: a port nobody listens on,
a server that never answers, a server whose certificate is self-signed, a name that does not resolve (looked
up here, not by a DNS server), a proxy that is not there. Nothing leaves 127.0.0.0/8."""

from __future__ import annotations

import asyncio
import datetime
import ssl
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from telegram.error import NetworkError

from bot.cli import main
from bot.transport.http import AiohttpRequest
from bot.transport.unreachable import Reason, Unreachable, explain
from tests.transport.conftest import TOKEN, Server

pytestmark = pytest.mark.usefixtures("no_proxies", "offline_names")


async def failure(base_url: str, **timeouts: float) -> NetworkError:
    """The error a getMe to `base_url` ends in, through the bot's own transport."""
    request = AiohttpRequest(**timeouts)
    await request.initialize()
    try:
        await request.post(f"{base_url}{TOKEN}/getMe")
    except NetworkError as error:
        return error
    finally:
        await request.shutdown()
    raise AssertionError("the call went through")


async def explained(base_url: str, **timeouts: float) -> Unreachable:
    return explain(await failure(base_url, **timeouts), base_url)


@pytest.fixture
async def silent_port() -> AsyncIterator[int]:
    """A server that accepts connections and never says a word."""
    done = asyncio.Event()
    writers: list[asyncio.StreamWriter] = []

    async def hold(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writers.append(writer)
        await done.wait()

    server = await asyncio.start_server(hold, "127.0.0.1", 0)
    yield server.sockets[0].getsockname()[1]
    done.set()
    for writer in writers:
        writer.close()
    server.close()
    await server.wait_closed()


@pytest.fixture
async def self_signed_port(tmp_path: Path) -> AsyncIterator[int]:
    """A TLS server whose certificate nobody vouches for (made here, valid for a day)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
                   .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(hours=1))
                   .not_valid_after(now + datetime.timedelta(days=1)).sign(key, hashes.SHA256()))
    (tmp_path / "cert.pem").write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    (tmp_path / "key.pem").write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                         serialization.NoEncryption()))
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(tmp_path / "cert.pem", tmp_path / "key.pem")

    async def close(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.close()

    server = await asyncio.start_server(close, "127.0.0.1", 0, ssl=context)
    yield server.sockets[0].getsockname()[1]
    server.close()
    await server.wait_closed()


async def test_a_port_nobody_listens_on_is_a_refused_connection(unused_tcp_port: int) -> None:
    found = await explained(f"https://127.0.0.1:{unused_tcp_port}/bot")
    assert found.reason is Reason.REFUSED
    assert found.why == (f"127.0.0.1 refused the connection on port {unused_tcp_port}: nothing there accepts "
                         "connections.")
    assert "TELEGRAM_API_BASE_URL" in found.check and "firewall" in found.check
    assert found.proxy_note.startswith("No proxy is set.") and "set HTTPS_PROXY" in found.proxy_note


async def test_a_name_that_does_not_resolve() -> None:
    found = await explained("https://api.telegram.invalid/bot")
    assert found.reason is Reason.NAME
    assert found.why == "the name api.telegram.invalid could not be looked up (DNS), so this server could not " \
                        "find where to connect."
    assert "DNS settings" in found.check
    assert "set HTTPS_PROXY" in found.proxy_note


async def test_a_server_that_never_answers_is_a_timeout(silent_port: int) -> None:
    found = await explained(f"http://127.0.0.1:{silent_port}/bot", read_timeout=0.3, connect_timeout=0.3)
    assert found.reason is Reason.TIMEOUT
    assert found.why == "127.0.0.1 did not answer in time."
    assert "firewall" in found.check
    assert "set HTTP_PROXY" in found.proxy_note  # an http:// address goes through HTTP_PROXY, not HTTPS_PROXY


async def test_a_certificate_that_does_not_verify_is_a_tls_failure(self_signed_port: int) -> None:
    found = await explained(f"https://127.0.0.1:{self_signed_port}/bot")
    assert found.reason is Reason.TLS
    assert found.why == ("the secure (TLS) connection to 127.0.0.1 could not be set up: its certificate could not "
                         "be verified, so there is no telling it is really Telegram.")
    assert "date and time" in found.check and "intercept" in found.check
    assert "set HTTPS_PROXY" in found.proxy_note


async def test_https_to_a_server_speaking_plain_http_is_a_tls_failure(server: Server) -> None:
    base_url = server[0].replace("http://", "https://")
    found = await explained(base_url)
    assert found.reason is Reason.TLS
    assert found.why.startswith("the secure (TLS) connection to 127.0.0.1 could not be set up: the two sides could "
                                "not agree (")
    assert "the http or https that server speaks" in found.check


async def test_a_proxy_that_is_not_there(monkeypatch: pytest.MonkeyPatch, unused_tcp_port: int) -> None:
    monkeypatch.setenv("HTTPS_PROXY", f"http://ann:secret@127.0.0.1:{unused_tcp_port}")
    found = await explained("https://api.telegram.invalid/bot")
    assert found.reason is Reason.PROXY
    assert found.why == (f"the proxy http://127.0.0.1:{unused_tcp_port} (from HTTPS_PROXY) did not open the "
                         "connection to api.telegram.invalid: the proxy refused the connection.")
    assert "secret" not in " ".join(found.lines())
    assert found.proxy_note == ""


async def test_a_failure_behind_a_proxy_says_the_proxy_was_used(monkeypatch: pytest.MonkeyPatch,
                                                                silent_port: int) -> None:
    monkeypatch.setenv("HTTPS_PROXY", f"http://127.0.0.1:{silent_port}")
    found = await explained("https://api.telegram.invalid/bot", read_timeout=0.3, connect_timeout=0.3)
    assert found.reason is Reason.TIMEOUT
    assert found.proxy_note == (f"The connection went through the proxy http://127.0.0.1:{silent_port} (from "
                                "HTTPS_PROXY): check that proxy too.")


async def test_a_proxy_no_proxy_exempts_is_not_counted_as_used(monkeypatch: pytest.MonkeyPatch,
                                                              unused_tcp_port: int) -> None:
    monkeypatch.setenv("HTTPS_PROXY", f"http://127.0.0.1:{unused_tcp_port}")
    monkeypatch.setenv("NO_PROXY", "api.telegram.invalid")
    found = await explained("https://api.telegram.invalid/bot")
    assert found.reason is Reason.NAME  # straight to the name, not through the proxy
    assert found.proxy_note == ("HTTPS_PROXY is set, but NO_PROXY exempts api.telegram.invalid, so the connection "
                                "went straight to it.")


def run_bot(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str],
            base_url: str) -> tuple[int, str]:
    """`cbt-bot run` against `base_url`, in this process: its exit code and what it wrote to stderr."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    monkeypatch.setenv("TELEGRAM_API_BASE_URL", base_url)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'bot.sqlite3'}")
    for name in ("WEBHOOK_URL", "CBT_ENCRYPTION_KEYS", "CBT_FLOWS_DIR"):
        monkeypatch.delenv(name, raising=False)
    code = main(["run"])
    return code, capsys.readouterr().err


def test_the_bot_says_why_it_cannot_reach_telegram(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str], unused_tcp_port: int) -> None:
    base_url = f"https://127.0.0.1:{unused_tcp_port}/bot"
    code, err = run_bot(monkeypatch, tmp_path, capsys, base_url)
    assert code == 1
    assert err.splitlines()[-4:] == [
        f"cbt-bot: cannot reach the Telegram Bot API at {base_url}",
        f"  Why: 127.0.0.1 refused the connection on port {unused_tcp_port}: nothing there accepts connections.",
        "  To check: If you set TELEGRAM_API_BASE_URL (for a Bot API server of your own), is that server running, "
        "and are its address and port right? If not, a firewall may be rejecting connections out of this server.",
        "  No proxy is set. If this server reaches the internet only through a proxy, set HTTPS_PROXY to its "
        "address (for example HTTPS_PROXY=http://proxy.example:3128) and start the bot again.",
    ]
    assert "Traceback" not in err


def test_the_bot_names_the_proxy_it_went_through(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str], unused_tcp_port: int) -> None:
    monkeypatch.setenv("https_proxy", f"http://127.0.0.1:{unused_tcp_port}")
    code, err = run_bot(monkeypatch, tmp_path, capsys, "https://api.telegram.invalid/bot")
    assert code == 1
    assert (f"  Why: the proxy http://127.0.0.1:{unused_tcp_port} (from HTTPS_PROXY) did not open the connection "
            "to api.telegram.invalid: the proxy refused the connection.") in err.splitlines()
    assert "No proxy is set" not in err
