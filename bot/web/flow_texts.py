"""Words of the dashboard's flow library, editor and preview (English source texts; translations in
bot/i18n/locale). Plain text: the templates escape everything they place. Kept apart from bot/web/texts.py so
the flow pages' words sit beside them; `ft` falls back to the dashboard's own words."""

from __future__ import annotations

from typing import Final

from bot.i18n import N_, NN_, Message, PluralMessage, translate
from bot.web.texts import wt

_MESSAGES: Final[dict[str, Message | PluralMessage]] = {
    "library_title": N_("Your flows"),
    "library_intro": N_("Your own exercises, in the same YAML as the bot's. Each publication is a new version; "
                        "clients in the middle of an exercise finish it on the version they started."),
    "no_own_flows": N_("You have no flows of your own yet. Write one, or start from a copy of one of the bot's."),
    "new_flow": N_("Write a new flow"),
    "col_title": N_("Title"),
    "col_id": N_("Id"),
    "col_versions": N_("Versions"),
    "col_assigned": N_("Assigned to"),
    "version_line": N_("version {version}, {date}"),
    "current": N_("current"),
    "nobody": N_("nobody"),
    "edit": N_("Edit"),
    "edit_flow": N_("Edit {title}"),
    "view_version": N_("Open version {version} of {title}"),
    "shipped_title": N_("The bot's flows"),
    "shipped_intro": N_("These come with the bot and cannot be changed; a copy of one can be changed and published "
                        "as a flow of your own."),
    "view_yaml": N_("View the YAML"),
    "view_yaml_of": N_("View the YAML of {title}"),
    "copy": N_("Start from a copy"),
    "copy_of": N_("Start from a copy of {title}"),
    "back_library": N_("Back to your flows"),
    "published": N_("Published: {title}, version {version}."),
    "shipped_source": N_("The YAML of {title}, as the bot ships it."),
    # the editor
    "editor_title": N_("Flow editor"),
    "editor_intro": N_("Write the flow in YAML (docs/flows.md describes every step). It is checked as you type, "
                       "with the validator the bot uses for uploads; without JavaScript, press Check."),
    "copy_note": N_("A copy of {title}: its id was changed to {flow_id}, since the bot's own ids cannot be used. "
                    "Change the title too."),
    "source_label": N_("The flow's YAML"),
    "validate": N_("Check"),
    "preview": N_("Preview"),
    "publish": N_("Publish…"),
    "checking": N_("Checking…"),
    "valid": N_("No errors: the flow can be previewed and published."),
    "problems_title": N_("What the validator found"),
    "problem_count": NN_("{count} error", "{count} errors", "count"),
    "warning_count": NN_("{count} warning", "{count} warnings", "count"),
    "line": N_("Line {line}"),
    "go_to_line": N_("Go to line {line}"),
    "severity_error": N_("error"),
    "severity_warning": N_("warning"),
    "severity_note": N_("note"),
    "validator_says": N_("The validator's words:"),
    "too_large": N_("The text is too long: a flow may be at most {size} KiB."),
    # publishing
    "confirm_title": N_("Publish this flow?"),
    "confirm_new": N_("{title} ({flow_id}) becomes a new flow of yours, version {version}. Only you and your "
                      "clients will see it."),
    "confirm_update": N_("{title} ({flow_id}) gets version {version}; your clients have had version {previous} "
                         "until now. New exercises use the new version; any started continue on theirs."),
    "confirm_same": N_("This text is already published as version {version}: publishing it again changes nothing "
                       "for your clients."),
    "confirm_publish": N_("Yes, publish"),
    "confirm_back": N_("Back to the editor"),
    "shipped_id": N_("The id {flow_id} belongs to one of the bot's own flows. Give your flow an id of its own."),
    # the preview
    "preview_title": N_("Preview: {title}"),
    "preview_intro": N_("The flow as a client sees it, run by the bot's own engine. Nothing here is saved, and no "
                        "one is told; timers do not wait."),
    "preview_invalid": N_("The flow has errors, so it cannot run yet. Correct them in the editor."),
    "preview_gone": N_("This preview has ended (previews last 30 minutes). Start it again from the editor."),
    "you": N_("You"),
    "bot": N_("Bot"),
    "your_answer": N_("Your answer"),
    "send": N_("Send"),
    "selected": N_("selected"),
    "before": N_("Before: {answer}"),
    "timer_text": N_("Timer: {seconds} s in all"),
    "timer_phase": N_("{label}: {seconds} s"),
    "timer_repeat": NN_("once", "{count} times", "count"),
    "timer_finish": N_("Let the timer run out"),
    "commands": N_("What a client can always do"),
    "cmd_back": N_("Back"),
    "cmd_help": N_("Help"),
    "cmd_pause": N_("Pause"),
    "cmd_resume": N_("Resume"),
    "cmd_cancel": N_("Cancel"),
    "cmd_sos": N_("SOS"),
    "paused": N_("Paused: only the commands below work until Resume."),
    "ended_title": N_("The end"),
    "outcome": N_("Outcome: {outcome}"),
    "outcome_completed": N_("completed"),
    "outcome_cancelled": N_("cancelled"),
    "rating": N_("{measure}: {before} → {after}"),
    "score": N_("{score}: {points}"),
    "restart": N_("Start again"),
    "to_editor": N_("Back to the editor"),
    # what each validator finding means, in plain words, by its code (docs/flows.md)
    "code_yaml-syntax": N_("The text is not valid YAML here: check the indentation (spaces, not tabs) and the "
                           "quotes."),
    "code_unquoted-text": N_("This text needs quotes: a colon and a space, or a comma inside braces, mean "
                             "something in YAML."),
    "code_encoding": N_("The text is not UTF-8."),
    "code_empty": N_("There is nothing here yet."),
    "code_not-a-mapping": N_("A flow starts with keys such as id:, title: and steps:."),
    "code_too-large": N_("The flow is too long."),
    "code_yaml-too-complex": N_("The flow expands to too many parts (anchors and aliases)."),
    "code_duplicate-key": N_("The same key is written twice in one place."),
    "code_bad-tag": N_("YAML tags (words starting with !) are not allowed."),
    "code_multi-document": N_("Only one flow per text: remove the line with ---."),
    "code_unknown-key": N_("This key is not one the step knows: perhaps a typo."),
    "code_missing-key": N_("A key the step needs is missing."),
    "code_bad-value": N_("This value does not fit here."),
    "code_unknown-step-type": N_("There is no step of this type."),
    "code_duplicate-id": N_("Two steps have the same id."),
    "code_unknown-step": N_("This names a step that does not exist."),
    "code_unknown-block": N_("This names a block that does not exist."),
    "code_unknown-param": N_("This names a parameter that does not exist."),
    "code_unknown-answer": N_("This names an answer that does not exist."),
    "code_unreachable": N_("No way through the flow leads to this step."),
    "code_no-end": N_("From here the flow never ends: a loop without a way out, or a step that leads nowhere."),
    "code_missing-end": N_("The last step leads nowhere: end it with an end step."),
    "code_branch-without-else": N_("This branch needs an else: for when no condition holds."),
    "code_recursive-call": N_("This block calls itself."),
    "code_used-before-set": N_("This uses an answer that is not always given before this point."),
    "code_bad-template": N_("A curly brace here does not name an answer, or it is not closed."),
    "code_bad-html": N_("Only Telegram's formatting tags may be used, and each must be closed."),
    "code_missing-translation": N_("A text lacks one of the flow's languages."),
    "code_bad-scale": N_("The scale's numbers do not fit: check min, max and step."),
    "code_unknown-answer-set": N_("This names an answer set that is not declared."),
    "code_bad-bands": N_("The score's bands leave a gap or overlap."),
    "code_crisis-needs-therapist": N_("A crisis rule needs the flow to be offered to linked clients only."),
    "code_duplicate-flow": N_("Another flow has this id."),
    "code_unreadable": N_("The text could not be read."),
    "code_internal-error": N_("The validator itself failed on this text: please report it."),
    "code_wide-scale": N_("A scale this wide is hard to answer with buttons."),
    "code_scale-labels": N_("The scale has no labels for its ends."),
    "code_no-rerating": N_("A rating before is never repeated after."),
    "code_no-rating": N_("A relaxation exercise without a rating before and after."),
    "code_timer-phase": N_("A timer phase shorter than a second or longer than two minutes."),
    "code_timer-long": N_("A timer longer than 30 minutes."),
    "code_many-options": N_("More than ten options are hard to choose from."),
    "code_long-text": N_("A text over 3000 characters is long for a chat."),
    "code_other": N_("See the validator's words."),
}


def ft(name: str, language: str, **fields: object) -> str:
    """A flow page's text, or else the dashboard's (the base template's words)."""
    message = _MESSAGES.get(name)
    return wt(name, language, **fields) if message is None else translate(message, language, **fields)


def explain(code: str, language: str) -> str:
    """A validator finding's code in plain words."""
    return ft(f"code_{code}" if f"code_{code}" in _MESSAGES else "code_other", language)
