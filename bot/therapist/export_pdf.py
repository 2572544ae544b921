"""A PDF that reads like a clinical worksheet: who and which period, then each exercise with its ratings
before and after and every question with the client's own words beneath.

The fonts are the DejaVu Sans family that matplotlib ships, so Cyrillic renders and no font file is kept
in this repository.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from datetime import UTC, date, datetime
from functools import cache
from typing import Literal

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace, TTFFont
from matplotlib import font_manager

from bot.storage.records import TherapistNote
from bot.therapist import texts
from bot.therapist.export_cards import compact_card
from bot.therapist.export_extras import ExportExtras
from bot.therapist.measures import score_series, scores_cell, series_text
from bot.therapist.review import ExerciseReview, StepReview, status_text

FAMILY = "dejavu"
MARGIN = 18.0  # mm
BODY = 11.0  # pt
SMALL = 8.5
LINE = 5.6  # mm per line of body text
GREY = (110, 110, 110)
RULE = (200, 200, 200)
BAR = (150, 170, 200)
INDENT = 4.0  # mm: the client's words are set in this far
QUESTION_LINE = 4.2
BLACK = (0, 0, 0)


@cache
def font_files() -> dict[str, str]:
    """Style ("", "B", "I") -> the TTF file matplotlib bundles."""
    def find(weight: str = "normal", style: Literal["normal", "oblique"] = "normal") -> str:
        wanted = font_manager.FontProperties(family="DejaVu Sans", weight=weight, style=style)
        found: str = font_manager.findfont(wanted, fallback_to_default=False)
        return found

    return {"": find(), "B": find(weight="bold"), "I": find(style="oblique")}


def export_pdf(
    client_label: str,
    reviews: Sequence[ExerciseReview],
    date_from: date | None,
    date_to: date | None,
    language: str,
    extras: ExportExtras | None = None,
    *,
    generated_at: datetime | None = None,
) -> bytes:
    """The worksheet. `client_label` is whatever the therapist calls the client: nothing else identifies
    them in the document. The compact layout gives each exercise a card (its key answers, one line each);
    the full one every question with the client's words beneath. Both show the homework each exercise did
    and the therapist's notes."""
    extras = extras or ExportExtras()
    generated = generated_at or datetime.now(UTC)
    pdf = _Worksheet(language, extras)
    pdf.set_title(texts.text("doc_title", language))
    pdf.set_creator("cbt-practice-bot")
    pdf.set_creation_date(generated)
    pdf.add_page()
    pdf.header_block(client_label, date_from, date_to, generated)
    if extras.client_notes:
        pdf.notes(extras.client_notes, texts.text("your_notes_on_client", language))
        pdf.rule()
    trends = [series_text(series, language) for series in score_series(reviews)]
    if trends:  # questionnaires first: each score over time, with its reliable changes
        pdf.paragraph(texts.text("questionnaires", language), size=11, style="B", after=0.8)
        for line in trends:
            pdf.paragraph(line, size=10, after=0.8)
        pdf.rule()
    pdf.reviews = reviews
    if not reviews:
        pdf.paragraph(texts.text("no_exercises", language), size=BODY, color=GREY)
    for index, review in enumerate(reviews):
        if index:
            pdf.rule()
        if extras.layout == "compact":
            pdf.card(review)
        else:
            pdf.exercise(review)
    return bytes(pdf.output())


class _Worksheet(FPDF):
    def __init__(self, language: str, extras: ExportExtras | None = None) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.language = language
        self.extras = extras or ExportExtras()
        self.reviews: Sequence[ExerciseReview] = ()  # every exercise of the export, for reliable changes
        for style, path in font_files().items():
            self.add_font(FAMILY, style, path)
        self.glyphs: dict[str, frozenset[int]] = {}  # style -> the characters its font can draw
        for style in font_files():
            font = self.fonts.get(FAMILY + style)
            self.glyphs[style] = frozenset(font.cmap) if isinstance(font, TTFFont) else frozenset()
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(auto=True, margin=MARGIN)
        self.alias_nb_pages()

    # --- pieces -----------------------------------------------------------------------------------------

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FAMILY, "", 7.5)
        self.set_text_color(*GREY)
        self.cell(0, 5, texts.text("confidential", self.language))
        self.set_x(MARGIN)
        self.cell(0, 5, texts.text("page", self.language, page=self.page_no(), pages="{nb}"), align="R")
        self.set_text_color(*BLACK)

    def header_block(self, client: str, date_from: date | None, date_to: date | None, generated: datetime) -> None:
        lang = self.language
        self.paragraph(texts.text("doc_title", lang), size=18, style="B", after=2)
        period = " – ".join(texts.format_date(d, lang) if d is not None else "…" for d in (date_from, date_to))
        rows = [(texts.text("client", lang), client)]
        if date_from is not None or date_to is not None:
            rows.append((texts.text("period", lang), period))
        rows.append((texts.text("layout", lang), texts.text(f"layout_{self.extras.layout}", lang)))
        if self.extras.completed_only is not None:
            scope = "scope_completed" if self.extras.completed_only else "scope_all"
            rows.append((texts.text("exercises_shown", lang), texts.text(scope, lang)))
        rows.append((texts.text("generated", lang), texts.format_datetime(generated, lang)))
        self.set_font(FAMILY, "B", 10)
        width = max(self.get_string_width(self.clean(name, "B")) for name, _ in rows) + 5
        for name, value in rows:
            self.set_font(FAMILY, "B", 10)
            self.cell(width, LINE, self.clean(name, "B"))
            self.set_font(FAMILY, "", 10)
            self.multi_cell(0, LINE, self.clean(value), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(2)
        self.rule()

    def exercise(self, review: ExerciseReview) -> None:
        lang = self.language
        if self.will_page_break(75):  # the title, the ratings and the start of the first answer together
            self.add_page()
        self.paragraph(review.title, size=14, style="B", after=0.5)
        when = texts.format_datetime(review.started_at, lang)
        if review.finished_at is not None:
            same_day = review.finished_at.date() == review.started_at.date()
            end = review.finished_at
            when += " – " + (texts.format_time(end) if same_day else texts.format_datetime(end, lang))
        self.paragraph(f"{when} · {status_text(review, lang)}", size=10, color=GREY, after=0.5)
        if review.stopped_at is not None:
            self.paragraph(texts.text("stopped_at", lang, step=review.stopped_at), size=10, style="I",
                           color=GREY, after=0.5)
        scores = scores_cell(review, self.reviews, lang)
        if scores:
            self.paragraph(scores, size=11, style="B", after=0.5)
        if review.ratings:
            self.ln(1.5)
            self.ratings(review)
        self.ln(2)
        self.homework_and_notes(review)
        if not review.steps:
            self.paragraph(texts.text("no_answers", lang), size=BODY, color=GREY)
        for step in review.steps:
            self.answer(step, review)

    def card(self, review: ExerciseReview) -> None:
        """The compact layout: the title and when, then one line per key answer, a bold label before it."""
        lang = self.language
        lines = compact_card(review, self.extras.cards.get(review.session_id))
        if self.will_page_break(20 + 2 * LINE * min(len(lines), 3)):
            self.add_page()
        self.paragraph(review.title, size=12.5, style="B", after=0.5)
        when = texts.format_datetime(review.started_at, lang)
        self.paragraph(f"{when} · {status_text(review, lang)}", size=9, color=GREY, after=1.2)
        if review.stopped_at is not None:
            self.paragraph(texts.text("stopped_at", lang, step=review.stopped_at), size=9, style="I", color=GREY,
                           after=0.8)
        for line in lines:
            self.set_font(FAMILY, "B", 10)
            label = self.clean(line.label, "B") + ": "
            self.set_x(MARGIN + INDENT)
            self.cell(self.get_string_width(label), LINE, label)
            self.set_font(FAMILY, "", 10)
            self.multi_cell(0, LINE, self.clean(line.text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        if not lines:
            self.paragraph(texts.text("no_answers", lang), size=10, color=GREY)
        self.ln(1)
        self.homework_and_notes(review)

    def homework_and_notes(self, review: ExerciseReview) -> None:
        lang = self.language
        done = self.extras.homework.get(review.session_id)
        if done is not None:
            line = texts.text("homework_due", lang, date=texts.format_date(done.due_on, lang))
            if done.note:
                line += " · " + texts.text("homework_note", lang, note=done.note)
            self.paragraph(line, size=9, color=GREY, after=1)
        notes = self.extras.notes_on(review.session_id)
        if notes:
            self.notes(notes, texts.text("your_notes", lang))

    def notes(self, notes: Sequence[TherapistNote], heading: str) -> None:
        """The therapist's own notes, set apart from the client's words: a heading, then date and text."""
        lang = self.language
        self.paragraph(heading, size=9.5, style="B", color=GREY, after=0.5)
        for note in notes:
            self.paragraph(f"{texts.format_date(note.created_at, lang)} — {note.text}", size=9.5, style="I",
                           after=0.8, line=4.6)
        self.ln(1.5)

    def ratings(self, review: ExerciseReview) -> None:
        lang = self.language
        self.set_font(FAMILY, "", 10)
        heading = FontFace(emphasis="BOLD", fill_color=(238, 238, 238))
        with self.table(
            col_widths=(70, 25, 25, 25), width=145, align="LEFT", line_height=6.5,
            text_align=("LEFT", "CENTER", "CENTER", "CENTER"), headings_style=heading,
            borders_layout="HORIZONTAL_LINES", first_row_as_headings=True,
        ) as table:
            header = table.row()
            for name in ("measure", "before", "after", "change"):
                header.cell(texts.text(name, lang))
            for rating in review.ratings:
                row = table.row()
                scale = f" ({rating.low}–{rating.high})" if rating.low is not None and rating.high is not None else ""
                row.cell(self.clean(rating.label + scale))
                row.cell(texts.format_number(rating.before))
                row.cell(texts.format_number(rating.after))
                row.cell(texts.format_change(rating.change))

    def answer(self, step: StepReview, review: ExerciseReview) -> None:
        """A question's label in bold, the question small and grey, the client's words beneath."""
        lang = self.language
        answer = self.clean(step.answer)
        answer_lines = self.measure(answer, size=BODY, line=LINE, indent=INDENT)
        question = self.measure(step.question, size=SMALL, style="I", line=QUESTION_LINE) if step.question else 0.0
        # the label, the question (as far as a third of a page) and the answer's first lines stay together
        keep = 2 * LINE + min(question, 85.0) + min(answer_lines, 3 * LINE)
        if self.will_page_break(keep):
            self.add_page()
        self.paragraph(step.label, size=BODY, style="B", after=0.3)
        if step.question:
            self.paragraph(step.question, size=SMALL, style="I", color=GREY, after=1.0, line=QUESTION_LINE)
        self.quote(answer)
        answered = step.answered_at
        same_day = answered.date() == review.started_at.date()
        meta = [texts.text("answered", lang, time=texts.format_time(answered) if same_day
                           else texts.format_datetime(answered, lang))]
        if step.seconds_on_step is not None:
            meta.append(texts.text("on_step", lang, duration=texts.format_duration(step.seconds_on_step, lang)))
        self.paragraph(" · ".join(meta), size=7.5, color=GREY, after=3.5, line=4)

    def quote(self, text: str) -> None:
        """The client's words, set in from the margin with a bar beside them."""
        self.set_font(FAMILY, "", BODY)
        page, top = self.page, self.get_y()
        self.set_x(MARGIN + INDENT)
        self.multi_cell(0, LINE, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        bottom = self.get_y()
        self.set_draw_color(*BAR)
        self.set_line_width(0.6)
        if self.page == page:
            self.line(MARGIN + 1, top + 0.4, MARGIN + 1, bottom - 0.4)
        else:  # it went on over a page: the bar beside the part on this page
            self.line(MARGIN + 1, self.t_margin, MARGIN + 1, bottom - 0.4)
        self.set_line_width(0.2)
        self.set_draw_color(*BLACK)
        self.ln(0.8)

    def measure(self, text: str, *, size: float, line: float, style: str = "", indent: float = 0.0) -> float:
        """How tall `text` would be, in mm."""
        self.set_font(FAMILY, style, size)
        lines = self.multi_cell(self.epw - indent, line, self.clean(text, style), dry_run=True, output="LINES")
        return (len(lines) if isinstance(lines, list) else 1) * line

    def paragraph(self, text: str, *, size: float, style: str = "", color: tuple[int, int, int] = BLACK,
                  after: float = 0.0, line: float | None = None) -> None:
        self.set_font(FAMILY, style, size)
        self.set_text_color(*color)
        self.multi_cell(0, line or size * 0.5, self.clean(text, style), align="L", new_x=XPos.LMARGIN,
                        new_y=YPos.NEXT)
        self.set_text_color(*BLACK)
        if after:
            self.ln(after)

    def rule(self) -> None:
        self.ln(2)
        self.set_draw_color(*RULE)
        self.line(MARGIN, self.get_y(), self.w - MARGIN, self.get_y())
        self.set_draw_color(*BLACK)
        self.ln(4)

    def clean(self, text: str, style: str = "") -> str:
        """Text the font can draw: tabs as spaces, no control characters, and "?" for a character the font
        lacks (fpdf2 would otherwise log the missing characters, which are the client's words)."""
        glyphs = self.glyphs.get(style)
        out: list[str] = []
        for char in text.replace("\r\n", "\n").replace("\t", "    "):
            if char == "\n":
                out.append(char)
            elif unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn"):
                continue
            elif glyphs and ord(char) not in glyphs:
                out.append("?")
            else:
                out.append(char)
        return "".join(out)
