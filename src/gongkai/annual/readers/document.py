"""The intermediate form every file reader produces: paragraphs and tables, in order.

HTML, DOCX and PDF readers turn a file into a :class:`Document`; the table recogniser
(:mod:`.tables`) and the text reader (:mod:`.text`) turn it into a report. A merged cell
keeps its text in its top-left position; the positions it covers hold ``None`` (so a
blank cell ``""`` and a covered position stay distinguishable).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Table:
    rows: list[list[str | None]]


Block = str | Table


@dataclass
class Document:
    blocks: list[Block] = field(default_factory=list)
    source: str = ""  # file name or "<text>", for messages

    @property
    def text(self) -> str:
        """The paragraphs joined by newlines (tables left out)."""
        return "\n".join(b for b in self.blocks if isinstance(b, str))
