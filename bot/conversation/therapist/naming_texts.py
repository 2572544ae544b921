"""Words for names (a therapist's private names for clients, their own display name), for the client pickers
and for the therapists' command menu.

English source texts; their translations are in bot/i18n/locale, and a language without one reads English.
"""

from __future__ import annotations

from typing import Final

from bot.i18n import N_, NN_, Message, PluralMessage, translate

_MESSAGES: Final[dict[str, Message | PluralMessage]] = {
    # client pickers
    "page_prev": N_("‹ Previous"),
    "page_next": N_("Next ›"),
    "page_of": N_("{page} of {pages}"),
    "search_how": N_("Or type part of a name to find a client."),
    "search_found": NN_("{count} client whose name contains “{query}”. Type again to search anew.",
                        "{count} clients whose names contain “{query}”. Type again to search anew.", "count"),
    "search_none": N_("No client's name contains “{query}”. Type another part of a name."),
    # /rename
    "rename_choose": N_("Whose name do you want to change? Only you see the names you give your clients."),
    "rename_ask": N_("Type a new name for <b>{client}</b>. Only you see it; your client never does.\n"
                     "/cancel keeps the name as it is."),
    "rename_clear": N_("Use the name in their Telegram profile"),
    "renamed": N_("Done: you will see <b>{client}</b> from now on."),
    "rename_cleared": N_("Done: you will see the name in their Telegram profile, <b>{client}</b>."),
    "name_invalid": N_("That name can't be used: please type 1 to 64 characters of ordinary text."),
    "name_kept": N_("Nothing was changed."),
    # /myname
    "myname_show": N_("Your clients see you as <b>{name}</b>.\nType a new name to change it, or /cancel to keep it."),
    "myname_none": N_("You have no name yet: your clients read “your therapist”.\n"
                      "Type the name your clients should see, for example Dr Anna Petrova."),
    "myname_set": N_("Done: your clients will see you as <b>{name}</b>."),
    "ask_own_name": N_("What name should your clients see? Type it, for example Dr Anna Petrova; /myname changes "
                       "it later."),
    # /invite NAME
    "invite_for": N_("This invitation is for <b>{client}</b>: you will see them under that name; they never see it."),
    "invite_name_hint": N_("To name the client as you invite them: <code>/invite Maria K.</code> Only you see the "
                           "name; /rename changes it."),
    # the therapists' command menu (Telegram's / menu)
    "menu_invite": N_("A single-use link for a client"),
    "menu_clients": N_("Your clients at a glance"),
    "menu_assign": N_("Assign homework"),
    "menu_assignments": N_("Change or cancel a client's homework"),
    "menu_templates": N_("Saved homework; assign to several clients"),
    "menu_review": N_("Read a client's exercises"),
    "menu_session": N_("What a client did since the last session"),
    "menu_note": N_("Your private notes on clients"),
    "menu_export": N_("Export a client's exercises"),
    "menu_progress": N_("A chart of a client's ratings"),
    "menu_digest": N_("Daily or weekly digest; missed-item notices"),
    "menu_rename": N_("Change the name you give a client"),
    "menu_myname": N_("The name your clients see"),
    "menu_flows": N_("Your own exercises"),
    "menu_release": N_("End the link with a client"),
    "menu_dashboard": N_("Your clients on a web page"),
}


def nmt(key: str, language: str, /, **fields: object) -> str:
    return translate(_MESSAGES[key], language, **fields)
