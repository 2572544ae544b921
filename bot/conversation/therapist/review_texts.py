"""Words for the therapist's review, export and progress menus.

English source texts; their translations are in bot/i18n/locale, and a language without one reads English.
"""

from __future__ import annotations

from typing import Final

from bot.i18n import N_, NN_, Message, PluralMessage, translate

_MESSAGES: Final[dict[str, Message | PluralMessage]] = {
    "therapists_only": N_("This command is for therapists."),
    "no_clients": N_("You have no linked clients yet. Invite one with /invite."),
    "choose_client_rv": N_("Whose exercises do you want to read?"),
    "choose_client_ex": N_("Whose exercises do you want to export?"),
    "choose_client_pg": N_("Whose progress do you want to see?"),
    "choose_client_ss": N_("Which client's sessions?"),
    "not_yours": N_("That is not available to you."),
    "no_exercises": N_("{client} has not done any exercise yet."),
    "exercises_of": N_("<b>{client}</b> — exercises, newest first:"),
    "next_page": N_("Next page ({page}/{pages})"),
    "choose_range": N_("Which period?"),
    "range_7": N_("7 days"),
    "range_30": N_("30 days"),
    "range_90": N_("90 days"),
    "range_0": N_("Everything"),
    "choose_format": N_("Which format?"),
    "choose_format_with": N_("Which format? {layout}, {scope}."),
    "layout_c": N_("Compact: one card per exercise"),
    "layout_f": N_("Full: every question and answer"),
    "scope_d": N_("completed exercises only"),
    "scope_a": N_("all exercises, finished or not"),
    "switch_layout_c": N_("Compact cards instead"),
    "switch_layout_f": N_("Full transcripts instead"),
    "switch_scope_a": N_("Include unfinished"),
    "switch_scope_d": N_("Completed only"),
    "export_caption": NN_("{client}: {count} exercise.", "{client}: {count} exercises.", "count"),
    "no_ratings": N_("{client} has no before/after ratings yet."),
    "progress_caption": N_("{client}: ratings before and after, over time."),
}


def rt(name: str, language: str, **fields: object) -> str:
    return translate(_MESSAGES[name], language, **fields)
