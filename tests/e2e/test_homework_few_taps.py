"""Homework with few taps, over the Telegram stand-in: the default assignment in two taps after choosing the
client, the wizard in one message edited in place, changing and cancelling homework (the client is told,
reminders follow), repeating the last assignment, templates, one template to ten clients, and stale
buttons answered helpfully. The taps and messages each task costs are counted here (docs/therapist.md)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.conversation.callback_data import MenuButton, encode
from bot.storage import open_store
from tests.e2e.harness import RunningBot, invite_link, join, wait_quiet
from tests.e2e.test_therapist_journey import operator
from tests.support.telegram_api import MessageView, SimulatedUser, TelegramStandIn

THERAPIST = 8_600_000_001
CLIENTS = [8_600_000_100 + n for n in range(10)]


@dataclass
class Counted:
    """What the therapist did and what the bot did in their chat, from the stand-in's own record."""

    commands: int = 0
    taps: int = 0
    new_messages: int = 0
    edits: int = 0


class Therapist:
    def __init__(self, tg: TelegramStandIn, user: SimulatedUser) -> None:
        self.tg, self.user = tg, user
        self.count = Counted()
        self._sent_before = self._edited_before = 0

    def _calls(self, method: str) -> int:
        return sum(1 for c in self.tg.calls_to(method) if str(c.params.get("chat_id")) == str(self.user.id))

    def start_counting(self) -> None:
        self.count = Counted()
        self._sent_before, self._edited_before = self._calls("sendMessage"), self._calls("editMessageText")

    def counted(self) -> Counted:
        self.count.new_messages = self._calls("sendMessage") - self._sent_before
        self.count.edits = self._calls("editMessageText") - self._edited_before
        return self.count

    async def command(self, text: str) -> MessageView:
        self.count.commands += 1
        await self.user.send(text)
        return await self.user.next_message()

    async def tap(self, message: MessageView, label: str) -> MessageView:
        matching = [t for t in message.button_texts if t == label or t.startswith(label)]
        assert matching, f"no button {label!r} in {message.button_texts} ({message.text[:80]!r})"
        self.count.taps += 1
        await self.user.press(message, matching[0])
        return await self.user.next_message()


async def setup(tg: TelegramStandIn, bot: RunningBot, clients: int = 1) -> tuple[Therapist, list[SimulatedUser]]:
    assert await operator(bot, "therapists", "add", str(THERAPIST), "--name", "Dr Vega") == 0
    therapist = tg.user(THERAPIST, "V")
    people = []
    for telegram_id in CLIENTS[:clients]:
        client = tg.user(telegram_id, f"C{telegram_id % 100}")
        await join(client, await invite_link(therapist))
        assert "accepted" in (await therapist.next_message()).text
        people.append(client)
    return Therapist(tg, therapist), people


def no_refused_edits(tg: TelegramStandIn) -> None:
    refused = [c for c in tg.calls_to("editMessageText") + tg.calls_to("editMessageReplyMarkup") if c.status != 200]
    assert refused == [], [c.description for c in refused]


async def test_the_default_homework_is_two_taps_in_one_message(tg: TelegramStandIn, running_bot: RunningBot) -> None:
    therapist, (client,) = await setup(tg, running_bot)
    therapist.start_counting()
    picker = await therapist.command("/assign")
    exercises = await therapist.tap(picker, "C")
    confirm = await therapist.tap(exercises, "Thought record")
    assert "Once, 1 time" in confirm.text and "Reminder: 20:00" in confirm.text and "Note: —" in confirm.text
    assert confirm.button_texts == ["Assign", "Change…", "Cancel"]
    done = await therapist.tap(confirm, "Assign")
    assert "has been told" in done.text and done.button_texts == ["Save as template"]
    assert {m.message_id for m in (picker, exercises, confirm, done)} == {picker.message_id}, "one message"
    counted = therapist.counted()
    assert (counted.commands, counted.taps, counted.new_messages, counted.edits) == (1, 3, 1, 3)
    told = await client.next_message()
    assert "New homework" in told.text and "Thought record" in told.text and "20:00" in told.text
    no_refused_edits(tg)


async def test_stale_wizard_buttons_say_what_to_do(tg: TelegramStandIn, running_bot: RunningBot) -> None:
    therapist, _ = await setup(tg, running_bot)
    older = await therapist.command("/assign")
    older_data = older.callback_data(older.button_texts[0])
    picker = await therapist.command("/assign")
    exercises = await therapist.tap(picker, "C")
    passed_step = picker.callback_data(picker.button_texts[0])  # the client question, already answered

    for data in (older_data, passed_step):
        await therapist.user.press_data(older if data == older_data else picker, data)
        reply = await therapist.user.next_message()
        assert "earlier step or an older /assign" in reply.text and "/assign" in reply.text
    confirm = await therapist.tap(exercises, "Box breathing")  # the current view still works
    assert "Box breathing" in confirm.text
    await therapist.tap(confirm, "Cancel")
    await therapist.user.press_data(confirm, confirm.callback_data("Assign"))  # after the wizard ended
    assert "older /assign" in (await therapist.user.next_message()).text
    no_refused_edits(tg)


async def test_change_and_cancel_are_seen_by_the_client(tg: TelegramStandIn, running_bot: RunningBot) -> None:
    therapist, (client,) = await setup(tg, running_bot)
    confirm = await therapist.tap(await therapist.tap(await therapist.command("/assign"), "C"), "Box breathing")
    confirm = await therapist.tap(await therapist.tap(confirm, "Change"), "Which day")
    confirm = await therapist.tap(confirm, "Tomorrow")
    await therapist.tap(confirm, "Assign")
    assert "New homework" in (await client.next_message()).text

    listing = await therapist.tap(await therapist.command("/assignments"), "C")
    assert "Box breathing — Once, 0/1 done" in listing.text and "20:00" in listing.text
    edit = await therapist.tap(listing, "Change: Box breathing")
    assert edit.message_id == listing.message_id and "Change the homework" in edit.text
    edit = await therapist.tap(await therapist.tap(await therapist.tap(edit, "Change"), "Which day"), "In 3 days")
    edit = await therapist.tap(await therapist.tap(await therapist.tap(edit, "Change"), "Reminder time"), "08:00")
    assert "Reminder: 08:00" in edit.text
    saved = await therapist.tap(edit, "Save")
    assert "Changed" in saved.text and saved.message_id == listing.message_id
    changed = await client.next_message()
    assert "changed your homework" in changed.text and "08:00" in changed.text and "Box breathing" in changed.text

    running_bot.clock.advance(2 * 24 * 3600)  # tomorrow 20:00, the old reminder, has passed: nothing comes
    await wait_quiet(client, 1.0)
    running_bot.clock.advance(2 * 24 * 3600)  # the new day's 08:00 has
    reminder = await client.next_message(timeout=10)
    assert "Reminder" in reminder.text and "Box breathing" in reminder.text

    confirm = await therapist.tap(await therapist.tap(await therapist.command("/assign"), "C"), "Thought record")
    confirm = await therapist.tap(await therapist.tap(await therapist.tap(confirm, "Change"), "Which day"), "Tomorrow")
    await therapist.tap(confirm, "Assign")
    assert "Thought record" in (await client.next_message()).text
    listing = await therapist.tap(await therapist.command("/assignments"), "C")
    assert "Thought record" in listing.text and "Box breathing" not in listing.text  # its last day has passed
    question = await therapist.tap(listing, "Cancel: Thought record")
    assert "What is done stays" in question.text
    gone = await therapist.tap(question, "Yes, cancel it")
    assert "Cancelled" in gone.text and gone.message_id == listing.message_id
    assert "cancelled your homework: Thought record" in (await client.next_message()).text
    await client.send("/homework")
    assert "Thought record" not in (await client.next_message()).text
    listing = await therapist.tap(await therapist.command("/assignments"), "C")
    assert "has no homework going on" in listing.text
    running_bot.clock.advance(2 * 24 * 3600)  # the cancelled homework's day comes: no reminder
    await wait_quiet(client, 1.0)
    no_refused_edits(tg)


async def test_repeat_last_and_templates(tg: TelegramStandIn, running_bot: RunningBot) -> None:
    therapist, (client,) = await setup(tg, running_bot)
    therapist.start_counting()
    confirm = await therapist.tap(await therapist.tap(await therapist.command("/assign"), "C"), "Thought record")
    confirm = await therapist.tap(await therapist.tap(await therapist.tap(confirm, "Change"), "How often"), "Daily")
    confirm = await therapist.tap(confirm, "5")
    confirm = await therapist.tap(await therapist.tap(confirm, "Change"), "Note")
    await therapist.user.send("One entry each evening")
    await therapist.user.next_message()  # the question loses its buttons
    confirm = await therapist.user.next_message()
    assert "Daily, 5 times" in confirm.text and "One entry each evening" in confirm.text
    done = await therapist.tap(confirm, "Assign")
    counted = therapist.counted()  # the note typed, so the confirmation came anew below it
    assert (counted.commands, counted.taps, counted.new_messages, counted.edits) == (1, 9, 2, 9)
    saved = await therapist.tap(done, "Save as template")
    assert "Saved as a template" in saved.text and saved.message_id == done.message_id and not saved.button_texts
    assert "One entry each evening" in (await client.next_message()).text

    therapist.start_counting()
    exercises = await therapist.tap(await therapist.command("/assign"), "C")
    assert exercises.button_texts[:2] == ["Repeat last: Thought record", "Template: Thought record"]
    again = await therapist.tap(exercises, "Repeat last")
    assert "Daily, 5 times" in again.text and "One entry each evening" in again.text
    await therapist.tap(again, "Assign")
    assert therapist.counted().taps == 3
    assert "Thought record" in (await client.next_message()).text

    listing = await therapist.command("/templates")
    assert "1. Thought record — Daily, 5 times, today, 20:00, with a note" in listing.text
    emptied = await therapist.tap(listing, "1. Delete")
    assert emptied.message_id == listing.message_id and "no templates yet" in emptied.text
    no_refused_edits(tg)


async def test_one_template_to_ten_clients(tg: TelegramStandIn, running_bot: RunningBot) -> None:
    therapist, clients = await setup(tg, running_bot, clients=10)
    confirm = await therapist.tap(await therapist.tap(await therapist.command("/assign"), "C"), "Box breathing")
    await therapist.tap(await therapist.tap(confirm, "Assign"), "Save as template")
    await clients[0].next_message()

    listing = await therapist.command("/templates")
    picker = await therapist.tap(listing, "1. Assign")
    assert "Who is it for?" in picker.text and picker.button_texts[-2:] == ["Next (0)", "Cancel"]
    assert "‹" not in " ".join(picker.button_texts) and "Next ›" in picker.button_texts  # 10 clients: 8 a page
    refused = await therapist.tap(picker, "Next (")
    assert "at least one client" in refused.text
    first = picker.button_texts[0]
    picker = await therapist.tap(refused, first)
    assert picker.button_texts[0] == "✓ " + first and picker.message_id == listing.message_id
    picker = await therapist.tap(picker, "✓ " + first)  # and off again
    assert picker.button_texts[0] == first and "Next (0)" in picker.button_texts
    assert "Nothing was assigned" in (await therapist.tap(picker, "Cancel")).text

    therapist.start_counting()
    picker = await therapist.tap(await therapist.command("/templates"), "1. Assign")
    picker = await therapist.tap(picker, "Select all")
    assert all(t.startswith("✓ ") for t in picker.button_texts[:8]) and "Next (10)" in picker.button_texts
    confirm = await therapist.tap(picker, "Next (")
    assert "to 10 clients" in confirm.text
    done = await therapist.tap(confirm, "Assign")
    assert "Assigned Box breathing to 10 clients" in done.text
    counted = therapist.counted()
    assert (counted.commands, counted.taps, counted.new_messages, counted.edits) == (1, 4, 1, 4)
    for client in clients:
        told = await client.next_message()
        assert "New homework" in told.text and "Box breathing" in told.text
    no_refused_edits(tg)


async def test_a_russian_client_is_told_of_a_change_and_a_cancellation_in_russian(
        tg: TelegramStandIn, running_bot: RunningBot) -> None:
    therapist, (client,) = await setup(tg, running_bot)
    await client.send("/language")
    languages = await client.next_message()
    await client.press(languages, languages.button_texts[-1])
    assert "Русский" in languages.button_texts[-1] and "язык" in (await client.next_message()).text.lower()

    confirm = await therapist.tap(await therapist.tap(await therapist.command("/assign"), "C"), "Thought record")
    confirm = await therapist.tap(await therapist.tap(await therapist.tap(confirm, "Change"), "Which day"), "In a week")
    await therapist.tap(confirm, "Assign")
    assert "Новое домашнее задание" in (await client.next_message()).text

    listing = await therapist.tap(await therapist.command("/assignments"), "C")
    edit = await therapist.tap(await therapist.tap(await therapist.tap(listing, "Change: Thought record"), "Change"),
                               "Reminder time")
    await therapist.tap(await therapist.tap(edit, "18:00"), "Save")
    changed = await client.next_message()
    assert "Домашнее задание изменено" in changed.text and "18:00" in changed.text and "Дневник мыслей" in changed.text

    listing = await therapist.tap(await therapist.command("/assignments"), "C")
    await therapist.tap(await therapist.tap(listing, "Cancel: Thought record"), "Yes, cancel it")
    assert "Домашнее задание отменено: Дневник мыслей" in (await client.next_message()).text


async def test_a_draft_of_the_older_wizard_finishes_with_the_defaults(
        tg: TelegramStandIn, running_bot: RunningBot) -> None:
    """A draft saved by the step-by-step wizard before an upgrade (no reminder time, day or note yet) still
    reaches a confirmation; what it had not asked is filled with the defaults."""
    therapist, (client,) = await setup(tg, running_bot)
    question = await therapist.command("/help")  # stands in for the older wizard's "How often?" message
    store = await open_store(f"sqlite:///{running_bot.database}")
    try:
        async with store.transaction() as tx:
            me = await tx.people.find_by_telegram_id(THERAPIST)
            them = await tx.people.find_by_telegram_id(client.id)
            assert me is not None and them is not None
            await tx.dialogs.put(me.id, "assign", {"stage": "schedule", "id": "older", "q": 3, "client_id": them.id,
                                                   "flow_id": "box_breathing"})
    finally:
        await store.close()
    await therapist.user.press_data(question, encode(MenuButton("asg", "older.3.s.daily")))
    times = await therapist.user.next_message()
    assert "How many times" in times.text
    confirm = await therapist.tap(times, "3")
    assert "Daily, 3 times" in confirm.text and "Reminder: 20:00" in confirm.text and "Note: —" in confirm.text
    await therapist.tap(confirm, "Assign")
    assert "Box breathing" in (await client.next_message()).text
