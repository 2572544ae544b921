"""Engine effects as messages and buttons. Buttons carry only (session, prompt, index): what a button
means is looked up again from the stored session when it is pressed."""

from __future__ import annotations

import html

from bot.conversation.callback_data import AnswerButton, encode
from bot.conversation.messages import ButtonSpec, EditKeyboard, Keyboard, Reply, Send, SendRecording
from bot.engine.effects import Ask, Button, Effect, Ended, Paused, PlayAudio, Say, SosRequested, TimerStarted
from bot.i18n import NP_, translate
from bot.safety.static_resources import static_sos_text

_SCALE_ROW = 6
# Under a question asked again after /back: the answer given the first time.
_PREVIOUS_ANSWER = NP_("the answer given before /back, under the question asked again", "Before: {answer}")


def keyboard_for(session_id: int, seq: int, buttons: tuple[Button, ...], kind: str) -> Keyboard:
    specs = [ButtonSpec(button_label(b, kind), encode(AnswerButton(session_id, seq, i))) for i, b in enumerate(buttons)]
    options = [s for s, b in zip(specs, buttons, strict=True) if b.kind == "option"]
    actions = [s for s, b in zip(specs, buttons, strict=True) if b.kind == "action"]
    if kind == "scale":
        rows = [tuple(options[i : i + _SCALE_ROW]) for i in range(0, len(options), _SCALE_ROW)]
    else:
        rows = [(s,) for s in options]
    if kind == "summary":
        rows += [(s,) for s in actions]
    elif actions:
        rows.append(tuple(actions))
    return tuple(rows)


def button_label(button: Button, kind: str) -> str:
    if kind == "multi_choice" and button.kind == "option":
        return ("✅ " if button.selected else "▫️ ") + button.label
    return button.label


def prompt_text(ask: Ask, language: str) -> str:
    if ask.previous is None:
        return ask.text
    return f"{ask.text}\n\n<i>{translate(_PREVIOUS_ANSWER, language, answer=ask.previous)}</i>"


def present(
    effects: list[Effect], chat_id: int, session_id: int, language: str, toggled_message: int | None = None
) -> list[Reply]:
    """`toggled_message`: the message whose multi-choice buttons were just toggled, edited in place."""
    replies: list[Reply] = []
    for effect in effects:
        if isinstance(effect, Say):
            replies.append(Send(chat_id, effect.text))
        elif isinstance(effect, PlayAudio):
            replies.append(SendRecording(chat_id, effect.file, effect.title, effect.send_as))
        elif isinstance(effect, Ask):
            keyboard = keyboard_for(session_id, effect.seq, effect.buttons, effect.kind)
            if toggled_message is not None and effect.kind == "multi_choice":
                replies.append(EditKeyboard(chat_id, toggled_message, keyboard))
            else:
                replies.append(Send(chat_id, prompt_text(effect, language), keyboard, (session_id, effect.seq)))
        elif isinstance(effect, TimerStarted):
            replies.append(Send(chat_id, first_timer_text(effect),
                                keyboard_for(session_id, effect.seq, (effect.stop_button,), "timer"),
                                (session_id, effect.seq)))
        elif isinstance(effect, Ended | Paused) and effect.text:
            replies.append(Send(chat_id, effect.text))
        elif isinstance(effect, SosRequested):
            replies.append(Send(chat_id, static_sos_text(language)))
    return replies


def first_timer_text(timer: TimerStarted) -> str:
    return timer_text(timer.phases[0].label, timer.phases[0].seconds, 1, timer.repeat)


def timer_text(label: str, seconds_left: int, cycle: int, cycles: int) -> str:
    counter = f" · {cycle}/{cycles}" if cycles > 1 else ""
    return f"<b>{label}</b>\n{seconds_left}{counter}"


def escape(text: str) -> str:
    return html.escape(text, quote=False)
