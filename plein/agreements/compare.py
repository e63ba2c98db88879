"""Comparing two published versions of the samenwerkingscontract, section by section."""

import difflib
from dataclasses import dataclass

from plein.agreements.models import PERIODS
from plein.agreements.service import version_content


@dataclass
class SectionDiff:
    title: str
    changed: bool
    lines: list  # (kind, text) with kind in ' ', '+', '-'


def _readable_parties(content):
    lines = []
    for p in content["parties"]:
        lines += [f"{p['party']}: {p['hours']} uur {PERIODS.get(p['hours_period'], '')}, "
                  f"€ {p['money']} ({p['money_explanation']})",
                  f"  kennis: {p['knowledge']}", f"  middelen: {p['means']}",
                  f"  taken: {p['tasks']}"]
    return "\n".join(lines)


def _line_diff(old_lines, new_lines):
    """Whole lines kept, removed or added (fast even for long texts)."""
    lines = []
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            lines += [(" ", line) for line in old_lines[i1:i2]]
        else:
            lines += [("-", line) for line in old_lines[i1:i2]]
            lines += [("+", line) for line in new_lines[j1:j2]]
    return lines


def diff(old, new):
    """Section by section, plus the parties and their commitments."""
    def sections(content):
        return [(s["key"], s["title"], s["body"]) for s in content["sections"]] + [
            ("_parties", "Partijen en inbreng", _readable_parties(content))]

    old_content, new_content = version_content(old), version_content(new)
    before = {key: (title, body) for key, title, body in sections(old_content)}
    result = []
    for key, title, body in sections(new_content):
        old_body = before.get(key, (title, ""))[1]
        lines = _line_diff(old_body.splitlines(), body.splitlines())
        result.append(SectionDiff(title, old_body != body, lines))
    return result
