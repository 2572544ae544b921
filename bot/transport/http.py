"""python-telegram-bot's HTTP layer on aiohttp instead of httpx.

PTB lets the transport be swapped (`telegram.request.BaseRequest`); everything above it — building the
call, checking Telegram's answer, turning errors into TelegramError — stays PTB's own. aiohttp is the web
server the bot already runs for webhooks, and its client costs about a quarter of httpx's CPU per call
(bench/http_request.py), which is most of what answering a client costs once the answer is stored."""

from __future__ import annotations

import re
import ssl
import time
import urllib.request
from collections.abc import Mapping
from urllib.parse import urlsplit

import aiohttp
import certifi
from telegram._utils.defaultvalue import DefaultValue
from telegram._utils.types import ODVInput
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

from bot.ops.observer import NETWORK_ERROR, TIMEOUT, Observer, outcome_of

_METHOD = re.compile(r"[a-z][A-Za-z]{1,40}")


class AiohttpRequest(BaseRequest):
    """One aiohttp ClientSession with a pool of keep-alive connections to the Bot API."""

    def __init__(
        self,
        connection_pool_size: int = 1,
        read_timeout: float | None = 5.0,
        write_timeout: float | None = 5.0,
        connect_timeout: float | None = 5.0,
        pool_timeout: float | None = 1.0,
        media_write_timeout: float | None = 20.0,
        observer: Observer | None = None,
    ) -> None:
        self.observer = observer  # told of every call: its method, outcome and time (never its data)
        self._pool_size = connection_pool_size
        self._read_timeout = read_timeout
        self._write_timeout = write_timeout
        self._connect_timeout = connect_timeout
        self._pool_timeout = pool_timeout
        self._media_write_timeout = media_write_timeout
        self._session: aiohttp.ClientSession | None = None
        # HTTP(S)_PROXY and NO_PROXY, as httpx honours them (some servers reach Telegram only through a proxy),
        # read once: aiohttp's own trust_env reads them, and ~/.netrc, again for every request.
        self._env_proxies = environment_proxies()
        self._proxies: dict[tuple[str, str], str | None] = {}

    @property
    def read_timeout(self) -> float | None:
        return self._read_timeout

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                # certifi's CA bundle, as httpx uses: a slim image's system store may lack or age it.
                connector=aiohttp.TCPConnector(limit=self._pool_size,
                                               ssl=ssl.create_default_context(cafile=certifi.where())),
                headers={"User-Agent": self.USER_AGENT},
            )

    async def shutdown(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        if self._session is None or self._session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized!")
        files = request_data.multipart_data if request_data else None
        read = _given(read_timeout, self._read_timeout)
        write = _given(write_timeout, self._media_write_timeout if files else self._write_timeout)
        connect = _given(connect_timeout, self._connect_timeout)
        pool = _given(pool_timeout, self._pool_timeout)
        # aiohttp has no write timeout of its own: the whole call is bounded by the sum of all four.
        parts = (read, write, connect, pool)
        total = None if None in parts else sum(p for p in parts if p is not None)
        timeout = aiohttp.ClientTimeout(total=total, connect=_sum(pool, connect), sock_connect=connect,
                                        sock_read=read)
        started = time.perf_counter()
        try:
            async with self._session.request(method, url, data=_body(request_data), timeout=timeout,
                                             proxy=self._proxy_for(url)) as response:
                answer = response.status, await response.read()
        except TimeoutError as error:  # aiohttp's own timeouts derive from it too
            self._observe(method, url, None, TIMEOUT, started)
            raise TimedOut from error
        except aiohttp.ClientError as error:
            self._observe(method, url, None, NETWORK_ERROR, started)
            raise NetworkError(f"aiohttp.{type(error).__name__}: {error}") from error
        self._observe(method, url, answer[0], outcome_of(answer[0]), started)
        return answer

    def _observe(self, http_method: str, url: str, status: int | None, outcome: str, started: float) -> None:
        if self.observer is not None:
            self.observer.telegram_call(api_method(http_method, url), status, outcome, time.perf_counter() - started)


    def _proxy_for(self, url: str) -> str | None:
        parts = urlsplit(url)
        key = (parts.scheme, parts.netloc)
        if key not in self._proxies:
            self._proxies[key] = proxy_for(url, self._env_proxies)
        return self._proxies[key]


def api_method(http_method: str, url: str) -> str:
    """The Bot API method a URL calls ("sendMessage"), from its last path segment; a file download is
    "fileDownload". Never anything else from the URL, which holds the token."""
    if http_method == "GET":
        return "fileDownload"
    name = urlsplit(url).path.rsplit("/", 1)[-1]
    return name if _METHOD.fullmatch(name) else "other"


def environment_proxies() -> dict[str, str]:
    """HTTP_PROXY, HTTPS_PROXY, NO_PROXY... from the environment, by scheme ("no" for NO_PROXY)."""
    return urllib.request.getproxies_environment()


def proxy_for(url: str, proxies: Mapping[str, str]) -> str | None:
    """The proxy a call to `url` goes through, if any: its scheme's, unless NO_PROXY exempts the host."""
    parts = urlsplit(url)
    proxy = proxies.get(parts.scheme)
    bypass = proxy is not None and urllib.request.proxy_bypass_environment(  # type: ignore[attr-defined]
        parts.hostname or "", proxies)  # (public since 3.x, missing from typeshed)
    return None if bypass else proxy


def _given(value: ODVInput[float], default: float | None) -> float | None:
    return default if isinstance(value, DefaultValue) else value


def _sum(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else a + b


def _body(request_data: RequestData | None) -> aiohttp.FormData | dict[str, str] | None:
    """Form fields, JSON-encoded as PTB gives them; with files, the same fields as multipart parts."""
    if request_data is None:
        return None
    fields = request_data.json_parameters
    files = request_data.multipart_data
    if not files:
        return fields
    form = aiohttp.FormData()
    for name, value in fields.items():
        form.add_field(name, value)
    for name, (file_name, content, mime_type) in files.items():
        form.add_field(name, content, filename=file_name, content_type=mime_type)
    return form

