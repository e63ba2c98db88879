"""Comparing two published versions of the samenwerkingscontract, section by section.

Lines that stayed, went or came are shown whole; a line that was changed is shown once,
with the words that went and came marked inside it. Amounts read as Dutch people write
them (€ 2.500,00; 2,5 uur).
"""

import difflib
import re
from dataclasses import dataclass
from decimal import Decimal

from plein.agreements.models import PERIODS
from plein.agreements.publishing import version_content
from plein.numbers import euro, form_value

TOKEN = re.compile(r"\s+|[^\s]+")  # words and the spaces between them


@dataclass
class Line:
    kind: str  # ' ' kept, '-' only in the old version, '+' only in the new, '~' changed
    parts: list  # (kind, text) with kind ' ', '-', '+'

    @property
    def text(self):
        return "".join(text for kind, text in self.parts if kind != "-")


@dataclass
class SectionDiff:
    title: str
    changed: bool
    lines: list  # of Line


def _hours(value):
    return form_value(Decimal(value)) or "0"


def _readable_parties(content):
    lines = []
    for p in content["parties"]:
        money = euro(Decimal(p["money"]))
        why = f" ({p['money_explanation']})" if p["money_explanation"] else ""
        lines += [f"{p['party']}: {_hours(p['hours'])} uur "
                  f"{PERIODS.get(p['hours_period'], '')}, {money}{why}",
                  f"  kennis: {p['knowledge']}", f"  middelen: {p['means']}",
                  f"  taken: {p['tasks']}"]
    return "\n".join(lines)


def _word_diff(old, new):
    """One changed line: the words kept, removed and added, in reading order."""
    a, b = TOKEN.findall(old), TOKEN.findall(new)
    parts = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            parts.append((" ", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            parts.append(("-", "".join(a[i1:i2])))
        if j2 > j1:
            parts.append(("+", "".join(b[j1:j2])))
    return Line("~", parts)


def _line_diff(old_lines, new_lines):
    lines = []
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            lines += [Line(" ", [(" ", line)]) for line in old_lines[i1:i2]]
            continue
        old, new = old_lines[i1:i2], new_lines[j1:j2]
        paired = min(len(old), len(new)) if tag == "replace" else 0
        lines += [_word_diff(o, n) for o, n in zip(old[:paired], new[:paired], strict=True)]
        lines += [Line("-", [("-", line)]) for line in old[paired:]]
        lines += [Line("+", [("+", line)]) for line in new[paired:]]
    return lines


def diff(old, new):
    """Section by section, plus the parties and their commitments."""
    def sections(content):
        return [(s["key"], s["title"], s["body"]) for s in content["sections"]] + [
            ("_parties", "Partijen en inbreng", _readable_parties(content))]

    before = {key: (title, body) for key, title, body in sections(version_content(old))}
    result = []
    for key, title, body in sections(version_content(new)):
        old_body = before.get(key, (title, ""))[1]
        lines = _line_diff(old_body.splitlines(), body.splitlines())
        result.append(SectionDiff(title, old_body != body, lines))
    return result
