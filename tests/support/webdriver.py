"""A small W3C WebDriver client for Debian's headless Chromium and chromedriver: enough to open pages, click,
read the page and take screenshots. No Selenium (its trio dependency upsets the test run's warnings)."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import shutil
import socket
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp

CHROMIUM = "/usr/bin/chromium"
ELEMENT = "element-6066-11e4-a52e-4f735466cecf"


def chromium_missing() -> str | None:
    """Why browser tests cannot run here, or None."""
    if not Path(CHROMIUM).exists():
        return f"no headless Chromium at {CHROMIUM}: apt-get install -y chromium chromium-driver"
    if shutil.which("chromedriver") is None:
        return "no chromedriver on PATH: apt-get install -y chromium-driver"
    return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _write(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)


class Browser:
    def __init__(self, http: aiohttp.ClientSession, base: str, session: str) -> None:
        self.http, self.base, self.session = http, base, session

    async def _call(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        url = f"{self.base}/session/{self.session}{path}"
        async with self.http.request(method, url, json=body if method == "POST" else None) as response:
            reply = await response.json()
        if response.status != 200:
            raise AssertionError(f"WebDriver {method} {path}: {reply.get('value', reply)}")
        return reply["value"]

    async def open(self, url: str) -> None:
        await self._call("POST", "/url", {"url": url})

    async def url(self) -> str:
        return str(await self._call("GET", "/url"))

    async def source(self) -> str:
        return str(await self._call("GET", "/source"))

    async def find(self, css: str) -> str:
        found = await self._call("POST", "/element", {"using": "css selector", "value": css})
        assert ELEMENT in found, found
        return str(found[ELEMENT])

    async def click(self, css: str) -> None:
        await self._call("POST", f"/element/{await self.find(css)}/click", {})

    async def text(self, css: str) -> str:
        return str(await self._call("GET", f"/element/{await self.find(css)}/text"))

    async def run(self, script: str, *args: Any) -> Any:
        return await self._call("POST", "/execute/sync", {"script": script, "args": list(args)})

    async def size(self, width: int, height: int) -> None:
        await self._call("POST", "/window/rect", {"width": width, "height": height})

    async def screenshot(self, path: Path) -> None:
        png = base64.b64decode(await self._call("GET", "/screenshot"))
        await asyncio.to_thread(_write, path, png)

    async def wait_for(self, script: str, seconds: float = 10.0) -> Any:
        """Until `script` returns something true (e.g. the next page has loaded)."""
        deadline = asyncio.get_running_loop().time() + seconds
        while True:
            with contextlib.suppress(AssertionError):
                value = await self.run(script)
                if value:
                    return value
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError(f"timed out waiting for {script!r}")
            await asyncio.sleep(0.1)


@contextlib.asynccontextmanager
async def chromium(width: int = 1280, height: int = 900) -> AsyncIterator[Browser]:
    port = _free_port()
    driver = await asyncio.create_subprocess_exec(
        "chromedriver", f"--port={port}", stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60)) as http:
            for _ in range(100):
                with contextlib.suppress(aiohttp.ClientError):
                    async with http.get(f"{base}/status") as response:
                        if (await response.json())["value"]["ready"]:
                            break
                await asyncio.sleep(0.1)
            options = {"binary": CHROMIUM, "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                f"--window-size={width},{height}", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, "
                "EXCLUDE 127.0.0.1",  # offline: telegram.org's script fails at once, as outside Telegram
            ]}
            async with http.post(f"{base}/session", json={"capabilities": {"alwaysMatch": {
                    "browserName": "chrome", "goog:chromeOptions": options}}}) as response:
                created = await response.json()
            session = created["value"]["sessionId"]
            try:
                yield Browser(http, base, session)
            finally:
                async with http.delete(f"{base}/session/{session}"):
                    pass
    finally:
        driver.terminate()
        await driver.wait()
