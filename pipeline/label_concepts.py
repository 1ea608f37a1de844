"""Label concepts: a field's label recognised by its key words when no listed wording matches.

Issuers word labels their own way ("How should the record be changed?",
"Proxy's e-mail (for portal invitation)"). ``labels.json`` lists wordings
seen; this module recognises the rest by stems, as data in ``labels.json``:

- ``concepts``: per field, groups of stems that must all occur (``need``) and
  stems that rule the field out (``not``): "Explain why" is a reason, not a change.
- ``roles`` x ``kinds``: a kind of value ("e-mail", "cell phone") said of a role
  ("proxy's", "of the recipient") names the field the ``generic`` table gives
  that pair; a kind without a role stays generic (its section says whose).
- ``sections``: a short heading that names a role ("PART B - PERSON RECEIVING
  ACCESS") opens that role's section, as a listed ``contexts`` cue does.

Stems are matched at word starts on normalised text (``extract._norm``).
A concept match is weaker evidence than a listed wording: callers score it
below one (``CONCEPT_SCORE``), so a listed wording that matches wins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CONCEPT_SCORE = 84.0  # below any listed wording's accepted score (>= 85): a listed wording wins
MAX_LABEL_WORDS = 12
MAX_HEADING_WORDS = 8


@dataclass(frozen=True)
class Concept:
    """What a concept match says: a field (``kind`` "field"), a generic role, or a section (``kind`` "context")."""

    kind: str
    key: str
    score: float


def _stems(xs: list[str]) -> re.Pattern[str] | None:
    """One pattern matching any stem at a word start (a stem may hold spaces and regex groups)."""
    if not xs:
        return None
    return re.compile(r"(?<![a-z0-9])(?:" + "|".join(xs) + ")")


@dataclass(frozen=True)
class _Rule:
    key: str
    need: tuple[re.Pattern[str], ...]
    veto: re.Pattern[str] | None


@dataclass(frozen=True)
class Tables:
    fields: tuple[_Rule, ...]
    kinds: tuple[_Rule, ...]
    roles: tuple[_Rule, ...]
    role_fields: dict[str, dict[str, str]]
    ignore_after: re.Pattern[str]


def _rule(key: str, spec: dict) -> _Rule:
    need = tuple(p for p in (_stems(g) for g in spec.get("need", [])) if p is not None)
    return _Rule(key, need, _stems(spec.get("not", [])))


def build_tables(data: dict) -> Tables:
    """Compiled concept tables from labels.json (``concepts``, ``roles``, ``kinds``, ``generic``)."""
    return Tables(
        fields=tuple(_rule(f, s) for f, s in data["concepts"].items() if not f.startswith("_")),
        kinds=tuple(_rule(k, s) for k, s in data["kinds"].items() if not k.startswith("_")),
        roles=tuple(_rule(r, s) for r, s in data["roles"].items() if not r.startswith("_")),
        role_fields={k: dict(g["fields"]) for k, g in data["generic"].items()},
        ignore_after=re.compile(r"(?<![a-z0-9])(?:to|to the|to this|for|for the|of this)$"),
    )


def _hits(rule: _Rule, text: str) -> bool:
    if rule.veto is not None and rule.veto.search(text):
        return False
    return bool(rule.need) and all(p.search(text) for p in rule.need)


def _roles_in(t: Tables, text: str) -> list[str]:
    """Roles the text names as its subject: "Relationship to patient" names none (the patient is the object)."""
    out = []
    for r in t.roles:
        if r.veto is not None and r.veto.search(text):
            continue
        for p in r.need:
            if any(not t.ignore_after.search(text[: m.start()].rstrip()) for m in p.finditer(text)):
                out.append(r.key)
                break
    return out


def match_label(t: Tables, text: str) -> Concept | None:
    """The field (or generic role) a label's normalised ``text`` names, by its stems; None when unsure.

    A field concept wins over a role x kind pair; several field concepts, or a
    kind with two roles, are ambiguous and give None.
    """
    fields = [r.key for r in t.fields if _hits(r, text)]
    if len(fields) == 1:
        return Concept("field", fields[0], CONCEPT_SCORE)
    if fields:
        return None
    kinds = [r.key for r in t.kinds if _hits(r, text)]
    if len(kinds) != 1:
        return None
    roles = _roles_in(t, text)
    if len(roles) > 1:
        return None
    if not roles:
        return Concept("generic", kinds[0], CONCEPT_SCORE)
    f = t.role_fields.get(kinds[0], {}).get(roles[0], "")
    return Concept("field", f, CONCEPT_SCORE) if f else None


def match_heading(t: Tables, text: str) -> Concept | None:
    """The section a short heading opens, when it names exactly one role and no kind of value."""
    if any(_hits(r, text) for r in t.kinds) or any(_hits(r, text) for r in t.fields):
        return None
    roles = _roles_in(t, text)
    return Concept("context", roles[0], CONCEPT_SCORE) if len(roles) == 1 else None
