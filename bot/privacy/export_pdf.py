"""Everything stored about a person as a PDF to read: who they are in the bot and their consent, each
exercise with its questions and their answers (in the therapist worksheet's style), homework, links, who read
their data and when. Times are in the person's time zone."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, tzinfo

from fpdf.enums import XPos, YPos

from bot.privacy.exercises import Exercise, exercises, flow_titles, person_zone
from bot.privacy.texts import text
from bot.storage.records import AuditData, DigestSettings, PersonalData, SafetyEvent, SessionData
from bot.therapist import texts as worksheet_texts

# The worksheet of therapist exports: its fonts (Cyrillic included), page furniture and exercise layout.
from bot.therapist.export_pdf import BODY, FAMILY, GREY, LINE, SMALL, _Worksheet


def export_personal_pdf(data: PersonalData, language: str, *, generated_at: datetime | None = None) -> bytes:
    """The document in `language` (English for a language without translations)."""
    generated = generated_at or datetime.now(UTC)
    zone = person_zone(data.person.timezone)
    pdf = _PersonalDocument(language, zone)
    pdf.set_title(text("doc_title", language))
    pdf.set_creator("cbt-practice-bot")
    pdf.set_creation_date(generated)
    pdf.add_page()
    pdf.paragraph(text("doc_title", language), size=18, style="B", after=2)
    pdf.paragraph(text("intro", language, date=pdf.when(generated), zone=data.person.timezone), size=SMALL,
                  color=GREY, after=2)
    pdf.rule()
    pdf.show_about(data)
    pdf.show_exercises(exercises(data, language, zone))
    titles = flow_titles(data, language)
    if data.homework:
        pdf.show_homework(data, titles)
    if data.assignments_made:
        pdf.show_assignments_made(data, titles)
    if data.notes_written:
        pdf.show_notes_written(data)
    if data.links:
        pdf.show_links(data)
    pdf.show_reads(data.reads_of_their_data)
    if data.their_reads:
        pdf.show_their_reads(data.their_reads)
    if data.invites:
        pdf.show_invites(data)
    if data.custom_flows:
        pdf.show_custom_flows(data, titles)
    if data.safety_events:
        pdf.show_safety_events(data)
    if data.therapy_sessions:
        pdf.show_therapy_sessions(data)
    if data.digest is not None:
        pdf.show_digest(data.digest)
    if data.dialog is not None:
        pdf.section(text("dialog", language))
        pdf.item(text("dialog_line", language, kind=data.dialog.kind, date=pdf.when(data.dialog.updated_at)))
    return bytes(pdf.output())


class _PersonalDocument(_Worksheet):
    def __init__(self, language: str, zone: tzinfo) -> None:
        super().__init__(language)
        self.zone = zone

    def t(self, key: str, **fields: object) -> str:
        return text(key, self.language, **fields)

    def when(self, moment: datetime | None) -> str:
        if moment is None:
            return self.t("none")
        local = (moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)).astimezone(self.zone)
        return worksheet_texts.format_datetime(local, self.language)

    def day(self, value: date) -> str:
        return worksheet_texts.format_date(value, self.language)

    # --- pieces ---------------------------------------------------------------------------------------

    def section(self, title: str) -> None:
        if self.will_page_break(30):
            self.add_page()
        else:
            self.ln(3)
        self.paragraph(title, size=14, style="B", after=2)

    def pairs(self, rows: list[tuple[str, str]]) -> None:
        self.set_font(FAMILY, "B", 10)
        width = max(self.get_string_width(self.clean(name, "B")) for name, _ in rows) + 5
        for name, value in rows:
            self.set_font(FAMILY, "B", 10)
            self.cell(width, LINE, self.clean(name, "B"))
            self.set_font(FAMILY, "", 10)
            self.multi_cell(0, LINE, self.clean(value), new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def item(self, line: str, detail: str | None = None) -> None:
        self.paragraph(line, size=10, after=0.3 if detail else 1.5, line=LINE)
        if detail:
            self.paragraph(detail, size=SMALL, color=GREY, after=1.5, line=4.2)

    # --- sections -------------------------------------------------------------------------------------

    def show_about(self, data: PersonalData) -> None:
        person = data.person
        self.section(self.t("about_you"))
        rows = [
            (self.t("telegram_id"), str(person.telegram_id)),
            (self.t("role"), self.t(f"role_{person.role}")),
            (self.t("language"), person.language or self.t("none")),
            (self.t("telegram_language"), person.telegram_language or self.t("none")),
            (self.t("timezone"), person.timezone),
            (self.t("country"), person.country or self.t("none")),
            (self.t("display_name"), person.display_name or self.t("none")),
            (self.t("first_name"), person.first_name or self.t("none")),
            (self.t("first_seen"), self.when(person.created_at)),
            (self.t("updated"), self.when(person.updated_at)),
            (self.t("consent_given"), self.when(person.consent_given_at)),
            (self.t("consent_withdrawn"), self.when(person.consent_withdrawn_at)),
            (self.t("consent_now"), self.t("yes" if person.has_consent else "no")),
        ]
        if person.blocked_at is not None:
            rows.append((self.t("blocked"), self.when(person.blocked_at)))
        if data.purged_activity_at is not None:
            rows.append((self.t("purged_activity"), self.when(data.purged_activity_at)))
        self.pairs(rows)

    def show_exercises(self, found: list[Exercise]) -> None:
        self.section(self.t("exercises", count=len(found)))
        if not found:
            self.paragraph(self.t("no_exercises"), size=BODY, color=GREY)
        for index, exercise in enumerate(found):
            if index:
                self.rule()
            if exercise.review is not None:
                self.exercise(exercise.review)
            else:
                self.stored_exercise(exercise.data)

    def stored_exercise(self, session: SessionData) -> None:
        """An exercise whose flow cannot be read any more: its answers as stored."""
        row = session.session
        self.paragraph(row.flow_id, size=14, style="B", after=0.5)
        self.paragraph(f"{self.when(row.started_at)} · {row.status}", size=10, color=GREY, after=1)
        self.paragraph(self.t("unreadable"), size=SMALL, style="I", color=GREY, after=2)
        for entry in session.entries:
            if entry.kind != "answer":
                continue
            value = entry.value.get("value") if isinstance(entry.value, dict) else entry.value
            shown = entry.raw if entry.raw else json.dumps(value, ensure_ascii=False)
            self.paragraph(entry.step_id or "", size=BODY, style="B", after=0.3)
            self.quote(shown)
            self.paragraph(self.when(entry.at), size=7.5, color=GREY, after=3, line=4)

    def show_homework(self, data: PersonalData, titles: dict[str, str]) -> None:
        self.section(self.t("homework"))
        for given in data.homework:
            assignment = given.assignment
            title = titles.get(assignment.flow_id, assignment.flow_id)
            self.paragraph(title, size=BODY, style="B", after=0.3)
            meta = [self.t("from_therapist", name=given.therapist_name or self.t("a_therapist")),
                    self._schedule(assignment.schedule, assignment.times),
                    self.t("assigned", date=self.when(assignment.created_at))]
            if assignment.cancelled_at is not None:
                meta.append(self.t("cancelled", date=self.when(assignment.cancelled_at)))
            self.paragraph(" · ".join(meta), size=SMALL, color=GREY, after=0.8, line=4.2)
            if assignment.note:
                self.paragraph(f"{self.t('note')}: {assignment.note}", size=10, after=0.8, line=LINE)
            for item in given.items:
                due = self.day(item.due_on)
                self.paragraph(
                    self.t("item_done", due=due, date=self.when(item.completed_at)) if item.completed_at
                    else self.t("item_open", due=due), size=10, after=0.3, line=LINE)
            self.ln(2)

    def show_assignments_made(self, data: PersonalData, titles: dict[str, str]) -> None:
        self.section(self.t("assignments_made"))
        for assignment in data.assignments_made:
            meta = [self._schedule(assignment.schedule, assignment.times),
                    self.t("assigned", date=self.when(assignment.created_at))]
            if assignment.cancelled_at is not None:
                meta.append(self.t("cancelled", date=self.when(assignment.cancelled_at)))
            title = titles.get(assignment.flow_id, assignment.flow_id)
            self.item(f"{self.t('client_number', id=assignment.client_id)} · {title}", " · ".join(meta))

    def show_notes_written(self, data: PersonalData) -> None:
        self.section(self.t("notes_written"))
        for note in data.notes_written:
            about = [self.t("client_number", id=note.client_id), self.when(note.created_at)]
            if note.session_id is not None:
                about.append(self.t("note_on_exercise", id=note.session_id))
            self.item(" · ".join(about), note.text)

    def show_links(self, data: PersonalData) -> None:
        self.section(self.t("links"))
        for link in data.links:
            who = (self.t("link_therapist", name=link.other_name or self.t("a_therapist")) if link.role == "client"
                   else self.t("link_client_named", id=link.other_id, name=link.other_name) if link.other_name
                   else self.t("link_client", id=link.other_id))
            meta = [self.t("linked", date=self.when(link.link.linked_at))]
            if link.link.ended_at is not None:
                by = self.t(f"ended_by_{link.link.ended_by}") if link.link.ended_by else self.t("none")
                meta.append(self.t("ended", date=self.when(link.link.ended_at), by=by))
            self.item(who, " · ".join(meta))

    def show_reads(self, reads: tuple[AuditData, ...]) -> None:
        self.section(self.t("reads"))
        if not reads:
            self.paragraph(self.t("no_reads"), size=10, color=GREY)
        for read in reads:
            who = read.actor_name or self.t("unknown_reader" if read.entry.actor_id is None else "a_therapist")
            self.item(f"{self.when(read.entry.at)} · {who} · {self.t('action_' + read.entry.action)}")

    def show_their_reads(self, reads: tuple[AuditData, ...]) -> None:
        self.section(self.t("your_reads"))
        for read in reads:
            whose = (self.t("client_number", id=read.entry.subject_id) if read.entry.subject_id is not None
                     else self.t("none"))
            self.item(f"{self.when(read.entry.at)} · {whose} · {read.entry.action}", read.entry.detail)

    def show_invites(self, data: PersonalData) -> None:
        self.section(self.t("invites"))
        person_id = data.person.id
        for invite in data.invites:
            meta = [self.t("invite_made", date=self.when(invite.created_at))]
            if invite.created_by == person_id:
                meta[0] += " " + self.t("invite_by_you")
            meta.append(self.t("invite_used", date=self.when(invite.used_at)) if invite.used_at is not None
                        else self.t("invite_unused", date=self.when(invite.expires_at)))
            self.item(self.t(f"invite_{invite.kind}"), " · ".join(meta))

    def show_custom_flows(self, data: PersonalData, titles: dict[str, str]) -> None:
        self.section(self.t("custom_flows"))
        for flow in data.custom_flows:
            self.item(self.t("flow_line", flow=titles.get(flow.flow_id, flow.flow_id), version=flow.version,
                             date=self.when(flow.updated_at)))

    def show_safety_events(self, data: PersonalData) -> None:
        """When crisis support was shown, how it began and what was chosen: never any words."""
        self.section(self.t("safety_events"))
        for event in data.safety_events:
            detail = [self.t(f"safety_about_{event.category}")] if event.category else []
            detail.append(self.t("safety_choices", choices=", ".join(event.choices) or self.t("none")))
            if event.closed_at is not None:
                detail.append(self.t("safety_closed", date=self.when(event.closed_at),
                                     outcome=event.outcome or self.t("none")))
            self.item(f"{self.when(event.at)} · {self.t(_how_it_began(event))}", " · ".join(detail))

    def show_therapy_sessions(self, data: PersonalData) -> None:
        self.section(self.t("therapy_sessions"))
        for held in data.therapy_sessions:
            with_whom = self.t("held_with_therapist") if held.client_id == data.person.id else \
                self.t("held_with_client", number=held.client_id)
            self.item(f"{self.when(held.held_at)} · {with_whom}")

    def show_digest(self, digest: DigestSettings) -> None:
        self.section(self.t("digest"))
        at = digest.send_at.strftime("%H:%M") if digest.send_at is not None else "—"
        if digest.frequency == "daily":
            when = self.t("digest_daily", time=at)
        elif digest.frequency == "weekly":
            when = self.t("digest_weekly", weekday=(digest.weekday or 0) + 1, time=at)
        else:
            when = self.t("digest_off")
        self.item(when, self.t("missed_notices_on" if digest.missed_notices else "missed_notices_off"))

    def _schedule(self, schedule: str, times: int) -> str:
        return self.t(f"schedule_{schedule}", times=times)


def _how_it_began(event: SafetyEvent) -> str:
    if event.source == "command":
        return "safety_command"
    if event.response == "check_in":
        return "safety_check_in"
    return "safety_check_in_sos" if any(c.startswith("check_in_") for c in event.choices) else "safety_detected"


__all__ = ["export_personal_pdf"]
