"""Our own form templates (fictional issuers), as Python data.

``ISSUERS``: issuer keys. ``TEMPLATES``: form type -> template names
("aspen.access_request", "bluemesa.revocation_letter", ...).
``get_template(name)`` builds one (cached). Hold issuers out of training by
filtering ``ISSUERS``.
"""

from __future__ import annotations

import functools

from synth.templates.blocks import Template
from synth.templates.forms import FORM_TYPES, build
from synth.templates.issuers import ISSUER_BY_KEY, ISSUER_LIST, PROBE_BY_KEY, Issuer, find_issuer

ISSUERS: list[str] = [i.key for i in ISSUER_LIST]
ISSUER_NAMES: dict[str, str] = {i.key: i.name for i in ISSUER_LIST}

TEMPLATES: dict[str, list[str]] = {ft: [f"{k}.{ft}" for k in ISSUERS] for ft in FORM_TYPES}
TEMPLATES["revocation"] += [f"{k}.revocation_letter" for k in ISSUERS]


@functools.lru_cache(maxsize=256)
def get_template(name: str) -> Template:
    """Build the template called ``issuer.form_type`` (or ``issuer.revocation_letter``)."""
    key, rest = name.split(".", 1)
    issuer = find_issuer(key)
    if rest == "revocation_letter":
        return build(issuer, "revocation", "_letter")
    return build(issuer, rest)


def templates_for(form_type: str, issuers: list[str] | None = None) -> list[str]:
    """Template names of ``form_type``, optionally only of the given issuer keys."""
    names = TEMPLATES[form_type]
    if issuers is None:
        return list(names)
    keep = {find_issuer(i).key for i in issuers}
    probes = [f"{k}.{form_type}" for k in PROBE_BY_KEY if k in keep]  # only when asked for by key
    return [n for n in names if n.split(".", 1)[0] in keep] + probes


__all__ = ["ISSUERS", "ISSUER_NAMES", "TEMPLATES", "FORM_TYPES", "Template", "Issuer", "get_template",
           "templates_for", "find_issuer", "ISSUER_BY_KEY"]
