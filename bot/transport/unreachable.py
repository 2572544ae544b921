"""Why the Telegram Bot API could not be reached, said so that whoever runs the bot knows what to check.

python-telegram-bot reports every failed connection as one NetworkError; the cause aiohttp gave
(AiohttpRequest raises it `from` that) tells a name that does not resolve from a refused connection, a
silence from a certificate that does not verify.
"""

from __future__ import annotations

import socket
import ssl
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import urlsplit

import aiohttp
from telegram.error import TimedOut

from bot.transport.http import environment_proxies, proxy_for


class Reason(StrEnum):
    NAME = "name not resolved"
    REFUSED = "connection refused"
    TIMEOUT = "timed out"
    TLS = "secure connection failed"
    PROXY = "proxy failed"
    OTHER = "connection failed"


@dataclass(frozen=True)
class Unreachable:
    reason: Reason
    why: str
    check: str
    proxy_note: str

    def lines(self) -> list[str]:
        return [f"Why: {self.why}", f"To check: {self.check}", *([self.proxy_note] if self.proxy_note else [])]


def reason_of(error: BaseException) -> Reason:
    causes = list(_chain(error))
    if any(isinstance(e, aiohttp.ClientProxyConnectionError | aiohttp.ClientHttpProxyError) for e in causes):
        return Reason.PROXY
    if any(isinstance(e, TimeoutError | TimedOut) for e in causes):
        return Reason.TIMEOUT
    if any(isinstance(e, aiohttp.ClientConnectorDNSError) for e in causes):
        return Reason.NAME
    if any(isinstance(e, aiohttp.ClientSSLError | ssl.SSLError) for e in causes):
        return Reason.TLS
    if any(isinstance(e, ConnectionRefusedError) for e in causes):
        return Reason.REFUSED
    return Reason.OTHER


def explain(error: BaseException, url: str, proxies: Mapping[str, str] | None = None) -> Unreachable:
    """Why a call to `url` failed and what to check. `proxies`: the environment's proxy settings (read now
    when not given), judged by the rule the calls themselves follow (`proxy_for`)."""
    proxies = environment_proxies() if proxies is None else proxies
    parts = urlsplit(url)
    host = parts.hostname or url
    port = parts.port or (443 if parts.scheme == "https" else 80)
    variable = f"{parts.scheme.upper()}_PROXY"
    proxy = proxy_for(url, proxies)
    reason = reason_of(error)
    why, check = _WORDS[reason]
    fields = {"host": host, "port": port, "proxy": _without_password(proxy or ""), "variable": variable,
              "detail": _detail(error)}
    if proxy is not None:
        note = "" if reason is Reason.PROXY else \
            "The connection went through the proxy {proxy} (from {variable}): check that proxy too."
    elif proxies.get(parts.scheme):
        note = "{variable} is set, but NO_PROXY exempts {host}, so the connection went straight to it."
    else:
        note = "No proxy is set. If this server reaches the internet only through a proxy, set {variable} " \
               "to its address (for example {variable}=http://proxy.example:3128) and start the bot again."
    return Unreachable(reason, why.format(**fields), check.format(**fields), note.format(**fields))


_WORDS: dict[Reason, tuple[str, str]] = {
    Reason.NAME: (
        "the name {host} could not be looked up (DNS), so this server could not find where to connect.",
        "Is this server connected to the internet, and do its DNS settings work? If you set "
        "TELEGRAM_API_BASE_URL, is the name in it spelled right?",
    ),
    Reason.REFUSED: (
        "{host} refused the connection on port {port}: nothing there accepts connections.",
        "If you set TELEGRAM_API_BASE_URL (for a Bot API server of your own), is that server running, and are "
        "its address and port right? If not, a firewall may be rejecting connections out of this server.",
    ),
    Reason.TIMEOUT: (
        "{host} did not answer in time.",
        "Is this server's internet connection working? A firewall that silently drops connections out of this "
        "server looks like this too.",
    ),
    Reason.TLS: (
        "the secure (TLS) connection to {host} could not be set up: {detail}.",
        "Are this server's date and time right? Some company networks and filters intercept secure "
        "connections: then use a proxy or another network. If TELEGRAM_API_BASE_URL points at a server of "
        "your own, is its certificate valid for {host}, and does the URL start with the http or https that "
        "server speaks?",
    ),
    Reason.PROXY: (
        "the proxy {proxy} (from {variable}) did not open the connection to {host}: {detail}.",
        "Is the proxy's address in {variable} right, is the proxy running, and does it let this server "
        "through? A user name and password go in the address: http://user:password@host:port.",
    ),
    Reason.OTHER: (
        "the connection to {host} failed ({detail}).",
        "Is this server's internet connection working? If you set TELEGRAM_API_BASE_URL, is it right?",
    ),
}


def _chain(error: BaseException | None) -> Iterator[BaseException]:
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        yield error
        error = error.__cause__ or error.__context__


def _detail(error: BaseException) -> str:
    """The innermost cause in words, where it has any worth saying."""
    causes = list(_chain(error))
    for cause in causes:
        if isinstance(cause, aiohttp.ClientHttpProxyError):
            return f"it answered {cause.status} {cause.message}".rstrip()
    last = causes[-1]
    if isinstance(last, ssl.SSLCertVerificationError):
        return "its certificate could not be verified, so there is no telling it is really Telegram"
    if isinstance(last, ssl.SSLError):
        return f"the two sides could not agree ({(last.reason or type(last).__name__).replace('_', ' ').lower()})"
    if isinstance(last, ConnectionRefusedError):  # refused by Telegram itself is Reason.REFUSED
        return "the proxy refused the connection"
    if isinstance(last, socket.gaierror):  # likewise Reason.NAME
        return "the proxy's name could not be looked up (DNS)"
    if isinstance(last, OSError) and last.strerror:
        return last.strerror.lower()
    return type(last).__name__


def _without_password(proxy: str) -> str:
    parts = urlsplit(proxy)
    if parts.username is None and parts.password is None:
        return proxy
    netloc = parts.hostname or ""
    if parts.port is not None:
        netloc += f":{parts.port}"
    return parts._replace(netloc=netloc).geturl()
