"""Telegram-HTML to terminal text: tags dropped, quotes indented, entities decoded."""

from __future__ import annotations

from html.parser import HTMLParser


class _PlainText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.quote_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "blockquote":
            self.quote_depth += 1
            self.out.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "blockquote":
            self.quote_depth = max(0, self.quote_depth - 1)
            self.out.append("\n")

    def handle_data(self, data: str) -> None:
        if self.quote_depth:
            data = data.replace("\n", "\n  │ ")
            if not self.out or self.out[-1].endswith("\n"):
                data = "  │ " + data
        self.out.append(data)


def to_plain_text(html_text: str) -> str:
    parser = _PlainText()
    parser.feed(html_text)
    parser.close()
    lines = "".join(parser.out).split("\n")
    return "\n".join(line.rstrip() for line in lines).strip("\n")
