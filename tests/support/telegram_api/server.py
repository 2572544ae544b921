"""The HTTP face of the stand-in: /bot<token>/<method> and /file/bot<token>/<path>, as Telegram has them."""

from __future__ import annotations

import asyncio
import re
from typing import Any

from aiohttp import web

from .api_spec import load_spec
from .errors import ApiError, not_found, server_error, too_many_requests, unauthorized
from .faults import Fault
from .handlers import HANDLERS
from .state import ApiCall, StandInState
from .validation import read_request, validate_params

TOKEN_FORMAT = re.compile(r"\d+:[A-Za-z0-9_-]+")
MAX_UPLOAD_BYTES = 50 * 1024 * 1024


class DroppedConnectionError(Exception):
    """A fault asked for the connection to be cut instead of answered."""


def create_app(state: StandInState) -> web.Application:
    app = web.Application(client_max_size=MAX_UPLOAD_BYTES)
    app.router.add_route("*", "/bot{token}/{method}", _method_route(state))
    app.router.add_get("/file/bot{token}/{path:.+}", _file_route(state))
    app.router.add_route("*", "/{anything:.*}", _not_found)
    return app


async def _not_found(request: web.Request) -> web.StreamResponse:
    return web.json_response(not_found().body(), status=404)


def _check_token(state: StandInState, token: str) -> None:
    if token != state.token:
        # Telegram answers 404 to a malformed token and 401 to a well-formed one it does not know.
        raise unauthorized() if TOKEN_FORMAT.fullmatch(token) else not_found()


def _method_route(state: StandInState) -> Any:
    async def handle(request: web.Request) -> web.StreamResponse:
        name = request.match_info["method"]
        params: dict[str, Any] = {}
        try:
            _check_token(state, request.match_info["token"])
            spec = load_spec().method(name)
            if spec is None:
                raise not_found()
            name = spec.name
            raw = await read_request(request)
            params = raw.values
            faults = state.faults.take(name, raw.values)
            await _apply_faults(request, faults, after_processing=False)
            params = validate_params(spec, raw)
            handler = HANDLERS.get(name)
            if handler is None:
                raise ApiError(501, f"Not Implemented: the stand-in does not implement {name}")
            result = await handler(state, params)
            await _apply_faults(request, faults, after_processing=True)
        except ApiError as error:
            state.record_call(ApiCall(name, params, error.status, error.description))
            return web.json_response(error.body(), status=error.status)
        except DroppedConnectionError:
            state.record_call(ApiCall(name, params, 0, "connection dropped"))
            return _dropped(request)
        state.record_call(ApiCall(name, params, 200))
        return web.json_response({"ok": True, "result": result})

    return handle


async def _apply_faults(request: web.Request, faults: list[Fault], after_processing: bool) -> None:
    for fault in faults:
        if fault.kind == "delay" and fault.after_processing == after_processing:
            await asyncio.sleep(fault.seconds)
    for fault in faults:
        if fault.kind == "drop" and fault.after_processing == after_processing:
            raise DroppedConnectionError
        if fault.kind == "error" and not after_processing:
            if fault.status == 429:
                raise too_many_requests(fault.retry_after or 1)
            if fault.description is not None:
                raise ApiError(fault.status, fault.description)
            raise server_error(fault.status)


def _dropped(request: web.Request) -> web.StreamResponse:
    if request.transport is not None:
        request.transport.abort()
    return web.Response(status=500)  # never reaches the client: the connection is gone


def _file_route(state: StandInState) -> Any:
    async def handle(request: web.Request) -> web.StreamResponse:
        try:
            _check_token(state, request.match_info["token"])
        except ApiError as error:
            return web.json_response(error.body(), status=error.status)
        path = request.match_info["path"]
        file = next((f for f in state.files.values() if f.file_path == path), None)
        if file is None:
            return web.json_response(not_found().body(), status=404)
        return web.Response(body=file.content, content_type=file.mime_type or "application/octet-stream")

    return handle
