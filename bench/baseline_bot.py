"""The baseline for bench/telegram_bot.py: the thought record written the way python-telegram-bot's own
examples write a conversation — an `Application`, one `ConversationHandler` whose states are the flow's
questions, answers kept in `context.user_data`, no persistence, `run_polling()` with PTB's own Updater and
its default sequential update processing. Nothing here survives a restart; that is the point of comparison.

    TELEGRAM_BOT_TOKEN=... TELEGRAM_API_BASE_URL=http://127.0.0.1:PORT/bot python bench/baseline_bot.py

The states are generated from flows/thought_record.yaml in flow order, so the clients of the benchmark see
the same questions with the same buttons as from the durable bot: text steps are `MessageHandler(TEXT)`
states, choice and scale steps `CallbackQueryHandler` states with simple callback data (a choice from an
earlier list offers its items by their place), a multi-choice step
toggles its buttons in place until Done, a summary step has a confirm button; `set`, `branch` and `goto`
steps are followed in memory and `end` steps are just sent. /start asks for consent, /practice shows the
catalogue button — the same entry as the durable bot's.
"""

from __future__ import annotations

import html
import logging
import os
import re
import sys
import warnings
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from telegram import BotCommand, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.ext import (
    Application,
    ApplicationBuilder,
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    ConversationHandler,
    MessageHandler,
    filters,
)
from telegram.warnings import PTBUserWarning

from bot.conversation.texts import ui
from bot.engine.steps.list_items import short_label
from bot.flow_dirs import SHIPPED_FLOWS
from bot.flowspec import load_flow_file
from bot.flowspec.model import (
    AllOf,
    AnyOf,
    BranchStep,
    ChoiceStep,
    Compare,
    EndStep,
    Expression,
    Flow,
    GotoStep,
    MessageStep,
    MultiChoiceStep,
    NotOf,
    ScaleStep,
    SetStep,
    SummaryStep,
    TextStep,
)
from bot.flowspec.texts import localize

LANGUAGE = "en"
SCALE_ROW = 6  # buttons per row of a scale, as the durable bot lays them out
Answer = str | int | float | list[str]
Context = ContextTypes.DEFAULT_TYPE
Callback = Callable[[Update, Context], Coroutine[Any, Any, object]]
InputStep = TextStep | ChoiceStep | ScaleStep | MultiChoiceStep | SummaryStep
_PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_.]*)\}")

log = logging.getLogger("baseline_bot")


def _t(text: Any) -> str:
    return localize(text, LANGUAGE) if text is not None else ""


def _markup(rows: list[list[tuple[str, str]]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(label, callback_data=data) for label, data in row]
                                 for row in rows])


def _answers(context: Context) -> dict[str, Answer]:
    assert context.user_data is not None
    answers: dict[str, Answer] = context.user_data.setdefault("answers", {})
    return answers


def _render(template: str, answers: dict[str, Answer]) -> str:
    def value(match: re.Match[str]) -> str:
        found = answers.get(match.group(1), "")
        if isinstance(found, list):
            return "\n".join(f"• {html.escape(item, quote=False)}" for item in found)
        return html.escape(str(found), quote=False)

    return _PLACEHOLDER.sub(value, template)


class ThoughtRecordBot:
    """The conversation's states and callbacks, generated once from the flow's steps."""

    def __init__(self, flow: Flow) -> None:
        self.flow = flow
        self.steps = {step.id: step for step in flow.steps}
        self.order = [step.id for step in flow.steps]
        unsupported = [s.type for s in flow.steps if not isinstance(
            s, TextStep | ChoiceStep | ScaleStep | MultiChoiceStep | SummaryStep | SetStep | BranchStep
            | GotoStep | MessageStep | EndStep)]
        if unsupported or flow.blocks:
            raise ValueError(f"the baseline does not handle {sorted(set(unsupported)) or 'blocks'}")
        self.title = _t(flow.title)
        self.catalogue_button = f"{self.title} · {ui('minutes', LANGUAGE, minutes=flow.estimated_minutes)}"

    # --- the application ------------------------------------------------------------------------------

    def conversation(self) -> ConversationHandler[Context]:
        states: dict[object, list[BaseHandler[Update, Context, object]]] = {}
        for step in self.flow.steps:
            if isinstance(step, TextStep):
                states[step.id] = [MessageHandler(filters.TEXT & ~filters.COMMAND, self._on_text(step))]
            elif isinstance(step, ChoiceStep | ScaleStep | SummaryStep):
                states[step.id] = [CallbackQueryHandler(self._on_button(step), pattern=f"^{step.id}:")]
            elif isinstance(step, MultiChoiceStep):
                states[step.id] = [CallbackQueryHandler(self._on_multi(step), pattern=f"^{step.id}:")]
                states[f"{step.id}.other"] = [
                    MessageHandler(filters.TEXT & ~filters.COMMAND, self._on_other_text(step))]
        return ConversationHandler(
            entry_points=[CallbackQueryHandler(self.begin, pattern=f"^flow:{self.flow.id}$")],
            states=states,
            fallbacks=[CommandHandler("cancel", self.cancel)],
        )

    async def start(self, update: Update, context: Context) -> None:
        assert update.effective_chat is not None
        rows = [[(ui("consent_yes", LANGUAGE), "consent:yes"), (ui("consent_no", LANGUAGE), "consent:no")]]
        await context.bot.send_message(update.effective_chat.id, ui("welcome", LANGUAGE),
                                       parse_mode=ParseMode.HTML, reply_markup=_markup(rows))

    async def consent(self, update: Update, context: Context) -> None:
        query = update.callback_query
        assert query is not None and context.user_data is not None and update.effective_chat is not None
        await query.answer()
        given = query.data == "consent:yes"
        context.user_data["consent"] = given
        text = ui("consent_thanks" if given else "consent_declined", LANGUAGE)
        await context.bot.send_message(update.effective_chat.id, text, parse_mode=ParseMode.HTML)

    async def practice(self, update: Update, context: Context) -> None:
        assert update.effective_chat is not None and context.user_data is not None
        chat_id = update.effective_chat.id
        if not context.user_data.get("consent"):
            await context.bot.send_message(chat_id, ui("consent_needed", LANGUAGE))
            await self.start(update, context)
            return
        text = (f"{ui('catalogue', LANGUAGE)}\n\n<b>{ui('category_' + self.flow.category, LANGUAGE)}</b>\n"
                f"• {self.title} — {_t(self.flow.description)}")
        await context.bot.send_message(chat_id, text, parse_mode=ParseMode.HTML,
                                       reply_markup=_markup([[(self.catalogue_button, f"flow:{self.flow.id}")]]))

    async def begin(self, update: Update, context: Context) -> object:
        query = update.callback_query
        assert query is not None and context.user_data is not None and update.effective_chat is not None
        await query.answer()
        context.user_data["answers"] = {}
        return await self._go(update.effective_chat.id, context, self.flow.start_step)

    async def cancel(self, update: Update, context: Context) -> int:
        assert update.effective_chat is not None
        await context.bot.send_message(update.effective_chat.id, "Stopped. /practice to start again.")
        return ConversationHandler.END

    # --- answers ------------------------------------------------------------------------------------

    def _on_text(self, step: TextStep) -> Callback:
        async def on_text(update: Update, context: Context) -> object:
            assert update.message is not None and update.message.text is not None
            chat_id = update.message.chat_id
            text = update.message.text.strip()
            if not step.min_length <= len(text) <= step.max_length:
                message = _t(step.on_invalid.message) if step.on_invalid and step.on_invalid.message else \
                    f"Please answer in {step.min_length} to {step.max_length} characters."
                await context.bot.send_message(chat_id, message)
                return step.id
            answers = _answers(context)
            if step.append:
                previous = answers.get(step.id)
                answers[step.id] = [*(previous if isinstance(previous, list) else []), text]
            else:
                answers[step.id] = text
            return await self._go(chat_id, context, self._after(step.id))

        return on_text

    def _on_button(self, step: ChoiceStep | ScaleStep | SummaryStep) -> Callback:
        async def on_button(update: Update, context: Context) -> object:
            query = update.callback_query
            assert query is not None and query.data is not None and update.effective_chat is not None
            await query.answer()
            value = query.data.split(":", 1)[1]
            answers = _answers(context)
            following = self._after(step.id)
            if isinstance(step, ChoiceStep) and value.startswith("item"):
                answers[step.id] = _items(answers, step)[int(value.removeprefix("item"))]
            elif isinstance(step, ChoiceStep):
                option = next(o for o in step.options if o.value == value)
                answers[step.id] = value
                following = option.next or following
            elif isinstance(step, ScaleStep):
                answers[step.id] = int(value)
            return await self._go(update.effective_chat.id, context, following)

        return on_button

    def _on_multi(self, step: MultiChoiceStep) -> Callback:
        async def on_multi(update: Update, context: Context) -> object:
            query = update.callback_query
            assert query is not None and query.data is not None and update.effective_chat is not None
            await query.answer()
            _, action, *value = query.data.split(":", 2)
            assert context.user_data is not None
            chosen: list[str] = context.user_data.setdefault("chosen", [])
            if action == "t":
                if value[0] in chosen:
                    chosen.remove(value[0])
                else:
                    chosen.append(value[0])
                await query.edit_message_reply_markup(self._multi_keyboard(step, chosen))
                return step.id
            if action == "other":
                await context.bot.send_message(update.effective_chat.id, _t(step.other.prompt if step.other else ""))
                return f"{step.id}.other"
            _answers(context)[step.id] = list(chosen)
            chosen.clear()
            return await self._go(update.effective_chat.id, context, self._after(step.id))

        return on_multi

    def _on_other_text(self, step: MultiChoiceStep) -> Callback:
        async def on_other_text(update: Update, context: Context) -> object:
            assert update.message is not None and update.message.text is not None and context.user_data is not None
            context.user_data.setdefault("chosen", []).append(update.message.text.strip())
            return await self._go(update.message.chat_id, context, step.id)

        return on_other_text

    # --- moving through the flow ---------------------------------------------------------------------

    def _after(self, step_id: str) -> str | None:
        step = self.steps[step_id]
        explicit = getattr(step, "next", None)
        if isinstance(explicit, str):
            return explicit
        index = self.order.index(step_id) + 1
        return self.order[index] if index < len(self.order) else None

    async def _go(self, chat_id: int, context: Context, step_id: str | None) -> object:
        """Follows computed steps to the next question (sent; its id is the new state) or an end."""
        answers = _answers(context)
        for _ in range(len(self.order) + 1):
            if step_id is None:
                return ConversationHandler.END
            step = self.steps[step_id]
            if isinstance(step, SetStep):
                answers[step.id] = _compute(step.value, answers)
            elif isinstance(step, BranchStep):
                step_id = next((c.goto for c in step.cases if _holds(c.when, answers)), step.else_)
                continue
            elif isinstance(step, GotoStep):
                step_id = step.target
                continue
            elif isinstance(step, MessageStep):
                await context.bot.send_message(chat_id, _render(_t(step.text), answers), parse_mode=ParseMode.HTML)
            elif isinstance(step, EndStep):
                if step.text is not None:
                    await context.bot.send_message(chat_id, _render(_t(step.text), answers),
                                                   parse_mode=ParseMode.HTML)
                return ConversationHandler.END
            else:
                assert isinstance(step, InputStep)
                await self._ask(chat_id, context, step)
                return step.id
            step_id = self._after(step.id)
        raise RuntimeError("the flow loops without asking anything")

    async def _ask(self, chat_id: int, context: Context, step: InputStep) -> None:
        answers = _answers(context)
        text = _render(_t(step.prompt), answers)
        markup: InlineKeyboardMarkup | None = None
        if isinstance(step, ChoiceStep):
            rows = [[(short_label(item), f"{step.id}:item{i}")] for i, item in enumerate(_items(answers, step))]
            rows += [[(_t(o.label), f"{step.id}:{o.value}")] for o in step.options]
            if step.other is not None:  # (the benchmark's clients never write their own words)
                rows.append([(_t(step.other.label), f"{step.id}:other")])
            markup = _markup(rows)
        elif isinstance(step, ScaleStep):
            values = list(range(step.min, step.max + 1, step.step))
            markup = _markup([[(str(v), f"{step.id}:{v}") for v in values[i:i + SCALE_ROW]]
                              for i in range(0, len(values), SCALE_ROW)])
            if step.labels is not None:
                text += f"\n\n{step.min}: {_t(step.labels.min)}\n{step.max}: {_t(step.labels.max)}"
        elif isinstance(step, MultiChoiceStep):
            assert context.user_data is not None
            markup = self._multi_keyboard(step, context.user_data.setdefault("chosen", []))
            lines = [f"• {_t(o.label)}: {_t(o.description)}" if o.description else f"• {_t(o.label)}"
                     for o in step.options]
            text += "\n\n" + "\n".join(lines)
        elif isinstance(step, SummaryStep):
            items = step.items or [k for k in answers if k in self.steps]
            lines = [f"{_t(self.steps[k].label) or k}: {_render('{' + k + '}', answers)}"
                     for k in items if k in answers]
            text += "\n\n" + "\n".join(lines)
            markup = _markup([[(_t(step.confirm_label) or "Confirm", f"{step.id}:confirm")]])
        await context.bot.send_message(chat_id, text, parse_mode=ParseMode.HTML, reply_markup=markup)

    def _multi_keyboard(self, step: MultiChoiceStep, chosen: list[str]) -> InlineKeyboardMarkup:
        rows = [[(("✅ " if o.value in chosen else "▫️ ") + _t(o.label), f"{step.id}:t:{o.value}")]
                for o in step.options]
        actions = [(_t(step.other.label), f"{step.id}:other")] if step.other else []
        rows.append([*actions, (_t(step.done_label) or "Done", f"{step.id}:done")])
        return _markup(rows)


def _items(answers: dict[str, Answer], step: ChoiceStep) -> list[str]:
    found = answers.get(step.options_from) if isinstance(step.options_from, str) else None
    return list(found) if isinstance(found, list) else []


def _number(operand: str | int | float, answers: dict[str, Answer]) -> float:
    value = answers.get(operand, 0) if isinstance(operand, str) else operand
    return float(value) if isinstance(value, int | float | str) else float(len(value))


def _compute(value: int | float | str | Expression, answers: dict[str, Answer]) -> Answer:
    if not isinstance(value, Expression):
        return value
    if value.answer is not None:
        return answers.get(value.answer, "")
    if value.count is not None:
        found = answers.get(value.count)
        return len(found) if isinstance(found, list) else int(found is not None)
    if value.add is not None:
        return int(sum(_number(o, answers) for o in value.add))
    assert value.subtract is not None
    return int(_number(value.subtract[0], answers) - _number(value.subtract[1], answers))


def _holds(condition: object, answers: dict[str, Answer]) -> bool:
    if isinstance(condition, AllOf):
        return all(_holds(c, answers) for c in condition.all)
    if isinstance(condition, AnyOf):
        return any(_holds(c, answers) for c in condition.any)
    if isinstance(condition, NotOf):
        return not _holds(condition.not_, answers)
    assert isinstance(condition, Compare)
    found = answers.get(condition.answer)
    if condition.equals is not None:
        return str(found) == str(condition.equals)
    if condition.not_equals is not None:
        return str(found) != str(condition.not_equals)
    if condition.includes is not None:
        return isinstance(found, list) and condition.includes in found
    if condition.in_ is not None:
        return str(found) in {str(v) for v in condition.in_}
    if condition.skipped is not None:
        return (found is None) == condition.skipped
    if found is None or isinstance(found, list):
        return False
    number = float(found)
    bounds = ((condition.gt, number.__gt__), (condition.gte, number.__ge__),
              (condition.lt, number.__lt__), (condition.lte, number.__le__))
    return next(test(bound) for bound, test in bounds if bound is not None)


def build(token: str, base_url: str, base_file_url: str, flow: Flow) -> Application[Any, Any, Any, Any, Any, Any]:
    bot = ThoughtRecordBot(flow)

    async def register_commands(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
        await application.bot.set_my_commands([BotCommand("start", "Start"), BotCommand("practice", "Practise"),
                                               BotCommand("cancel", "Stop the exercise")])

    application = (ApplicationBuilder().token(token).base_url(base_url).base_file_url(base_file_url)
                   .post_init(register_commands).build())
    application.add_handler(bot.conversation())
    application.add_handler(CommandHandler("start", bot.start))
    application.add_handler(CommandHandler("practice", bot.practice))
    application.add_handler(CallbackQueryHandler(bot.consent, pattern="^consent:"))
    return application


def main() -> None:
    logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s", level=logging.INFO)
    logging.getLogger("httpx").setLevel(logging.WARNING)  # as the examples do: it logs every request
    # per_message=False with CallbackQueryHandler states: PTB warns, as it does for its own examples.
    warnings.filterwarnings("ignore", category=PTBUserWarning)
    token = os.environ["TELEGRAM_BOT_TOKEN"]
    base_url = os.environ.get("TELEGRAM_API_BASE_URL", "https://api.telegram.org/bot")
    base_file_url = os.environ.get("TELEGRAM_API_FILE_URL", "https://api.telegram.org/file/bot")
    flow = load_flow_file(Path(os.environ.get("BASELINE_FLOW", SHIPPED_FLOWS / "thought_record.yaml"))).flow
    if flow is None:
        raise SystemExit("baseline_bot: the thought record flow does not load")
    build(token, base_url, base_file_url, flow).run_polling(allowed_updates=["message", "callback_query"])


if __name__ == "__main__":
    main()
