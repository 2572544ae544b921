"""An exercise's export from its page: the bot's own export functions (PDF, CSV, JSON) given this one exercise,
with its card, the homework it did and the therapist's notes on it; audited as /export is."""

from __future__ import annotations

from datetime import datetime

from bot.conversation.flow_library import FlowLibrary
from bot.conversation.texts import language_of
from bot.conversation.therapist.exercises import card_declaration, review_and_flow, therapist_zone
from bot.conversation.therapist.review import file_name_part, homework_done
from bot.storage import Person, UnitOfWork
from bot.therapist.cards import build_card
from bot.therapist.export_cards import ANSWER_LIMIT
from bot.therapist.export_csv import export_csv
from bot.therapist.export_extras import ExportExtras
from bot.therapist.export_json import export_json
from bot.web.pages import exercise_page

CONTENT_TYPES = {"pdf": "application/pdf", "csv": "text/csv", "json": "application/json"}


async def export_exercise(tx: UnitOfWork, library: FlowLibrary, therapist: Person, session_id: int, fmt: str,
                          now: datetime) -> tuple[str, bytes, str] | None:
    language = language_of(therapist)
    page = await exercise_page(tx, library, therapist, session_id, language, audit=False)
    found = await review_and_flow(tx, library, page.session, language, therapist_zone(therapist)) if page else None
    if page is None or found is None:
        return None
    review, flow = found
    homework = await homework_done(tx, therapist, page.client)
    extras = ExportExtras(
        layout="full", homework={k: v for k, v in homework.items() if k == session_id},
        notes=tuple(page.notes), completed_only=False,
        cards={review.session_id: build_card(review, flow, language, card=card_declaration(library, flow),
                                             limit=ANSWER_LIMIT)},
    )
    if fmt == "pdf":
        from bot.therapist.export_pdf import export_pdf  # fpdf and fonts: loaded on the first PDF

        content = export_pdf(page.label, [review], None, now.date(), language, extras)
    elif fmt == "csv":
        content = export_csv(page.label, [review], extras)
    else:
        content = export_json(page.label, [review], extras)
    await tx.audit.record(therapist.id, page.client.id, "export",
                          f"format={fmt} session={session_id} exercises=1 layout=full scope=all "
                          f"notes={len(extras.notes)} web")
    name = f"cbt-{file_name_part(page.label)}-{now:%Y%m%d}-{session_id}.{fmt}"
    return name, content if isinstance(content, bytes) else content.encode(), CONTENT_TYPES[fmt]
