"""The wire format, spoken directly over HTTP: routes, body encodings, field checks and Telegram's answers."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from tests.support.telegram_api import SimulatedUser, TelegramStandIn


@pytest.fixture
async def http(tg: TelegramStandIn) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=f"{tg.base_url}{tg.token}/") as client:
        yield client


def refusal(response: httpx.Response) -> tuple[int, str]:
    body: dict[str, Any] = response.json()
    assert body["ok"] is False
    assert body["error_code"] == response.status_code
    return response.status_code, body["description"]


async def test_unknown_method_and_bad_tokens(tg: TelegramStandIn, http: httpx.AsyncClient) -> None:
    assert refusal(await http.post("sendTelepathy")) == (404, "Not Found")
    async with httpx.AsyncClient(base_url=tg.origin) as raw:
        assert refusal(await raw.post("/botnot-a-token/getMe")) == (404, "Not Found")
        assert refusal(await raw.post("/bot1:wrong/getMe")) == (401, "Unauthorized")
        assert refusal(await raw.get("/somewhere/else")) == (404, "Not Found")
        assert refusal(await raw.post(f"/bot{tg.token}/")) == (404, "Not Found")


async def test_method_names_are_case_insensitive_and_get_works(http: httpx.AsyncClient) -> None:
    response = await http.get("GETME")
    assert response.status_code == 200
    assert response.json()["result"]["is_bot"] is True


async def test_json_form_and_query_bodies_are_all_accepted(
    http: httpx.AsyncClient, alice: SimulatedUser
) -> None:
    markup = {"inline_keyboard": [[{"text": "Yes", "callback_data": "y"}]]}
    as_json = await http.post(
        "sendMessage", json={"chat_id": alice.id, "text": "json", "reply_markup": markup}
    )
    as_form = await http.post(
        "sendMessage", data={"chat_id": str(alice.id), "text": "form", "reply_markup": json.dumps(markup)}
    )
    as_query = await http.get("sendMessage", params={"chat_id": alice.id, "text": "query"})
    assert [r.status_code for r in (as_json, as_form, as_query)] == [200, 200, 200]
    assert [m.text for m in alice.messages] == ["json", "form", "query"]
    assert alice.messages[0].buttons == ((("Yes", "y"),),)


@pytest.mark.parametrize(
    ("fields", "description"),
    [
        ({"text": "no chat"}, "Bad Request: parameter 'chat_id' is required"),
        ({"chat_id": "ALICE", "text": "x", "disable_notification": "maybe"}, "must be of type Boolean"),
        ({"chat_id": "ALICE", "text": "x", "message_thread_id": "ten"}, "must be of type Integer"),
        (
            {"chat_id": "ALICE", "text": "x", "reply_markup": "{not json"},
            "field 'reply_markup' must be of type",
        ),
        (
            {"chat_id": "ALICE", "text": "x", "reply_markup": '{"keyboard": 1, "inline_keyboard": []}'},
            "parse reply",
        ),
        ({"chat_id": "ALICE", "text": "x", "entities": '{"type": "bold"}'}, "Array of MessageEntity"),
        (
            {"chat_id": "ALICE", "text": "x", "entities": '[{"type": "bold", "offset": 0, "length": 9}]'},
            "beyond",
        ),
        ({"chat_id": "ALICE", "text": ""}, "Bad Request: message text is empty"),
    ],
    ids=["missing", "boolean", "integer", "bad-json", "two-markups", "not-array", "entity-too-long", "empty"],
)
async def test_fields_are_checked_against_the_spec(
    http: httpx.AsyncClient, alice: SimulatedUser, fields: dict[str, str], description: str
) -> None:
    data = {k: str(alice.id) if v == "ALICE" else v for k, v in fields.items()}
    status, said = refusal(await http.post("sendMessage", data=data))
    assert status == 400
    assert description in said


async def test_a_method_the_stand_in_does_not_implement_answers_501(http: httpx.AsyncClient) -> None:
    status, said = refusal(await http.post("sendDice", data={"chat_id": "1"}))
    assert (status, said) == (501, "Not Implemented: the stand-in does not implement sendDice")


async def test_429_carries_retry_after_in_parameters(tg: TelegramStandIn, http: httpx.AsyncClient) -> None:
    tg.fail_next("getMe", status=429, retry_after=7)
    response = await http.post("getMe")
    assert response.status_code == 429
    assert response.json() == {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 7",
        "parameters": {"retry_after": 7},
    }
