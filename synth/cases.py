"""What a person wrote on a form: truth values (forms.md normal forms) and how they appear.

A ``Case`` is drawn for a template, a received date and planted violations.
``fields`` is the truth before layout (layout drops what the template has no
blank for); ``shown`` holds the strings as written; ``checks`` the ticked
options; ``signed`` which signature boxes carry ink; ``dropped`` the
printed statements the form lacks.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from synth import fills as F
from synth.templates import wording as W
from synth.templates.blocks import Template
from synth.templates.forms import CATEGORIES
from synth.violations import code_of

REVOKE_WORDS = {"authorization": ["authorization", "authorization to release my records", "release of information authorization"],
                "portal_proxy": ["proxy access to my patient portal", "portal proxy authorization"],
                "minor_portal": ["portal authorization for my child", "minor portal access authorization"]}


@dataclass
class Case:
    fields: dict = field(default_factory=dict)
    shown: dict[str, str] = field(default_factory=dict)
    checks: dict[str, set[str]] = field(default_factory=dict)
    signed: dict[str, bool] = field(default_factory=dict)
    dropped: set[str] = field(default_factory=set)
    kinds: list[str] = field(default_factory=list)  # violations actually planted
    date_style: str = "mm/dd/yyyy"
    phone_style: str = "(ddd) ddd-dddd"


class _Draw:
    def __init__(self, tpl: Template, rng: random.Random, seed: int, R: dt.date, typed: bool):
        self.t, self.r, self.R = tpl, rng, R
        self.fk = F.faker(seed)
        self.c = Case()
        if typed:
            self.c.date_style = rng.choice(["mm/dd/yyyy", "mm/dd/yyyy", "iso", "month d, yyyy", "m/d/yyyy"])
            self.c.phone_style = rng.choice(["(ddd) ddd-dddd", "ddd-ddd-dddd"])
        else:
            self.c.date_style = rng.choice(F.DATE_STYLES)
            self.c.phone_style = rng.choice(F.PHONE_STYLES)

    def p(self, prob: float) -> bool:
        return self.r.random() < prob

    def set(self, key: str, value, shown: str | None = None) -> None:
        self.c.fields[key] = value
        if shown is not None:
            self.c.shown[key] = shown

    def date(self, key: str, d: dt.date) -> None:
        self.set(key, d.isoformat(), F.fmt_date(d, self.c.date_style))

    def phone(self, key: str) -> None:
        digits = F.phone(self.r)
        self.set(key, digits, F.fmt_phone(digits, self.c.phone_style))

    def name(self, key: str, name: str) -> None:
        self.set(key, name, name)

    def email(self, key: str, addr: str) -> None:
        shown = addr[0].upper() + addr[1:] if self.p(0.15) else addr
        self.set(key, addr.lower(), shown)

    def address(self, key: str) -> None:
        parts = F.address(self.fk)
        self.set(key, F.join_address(parts), F.join_address(parts))
        self.c.shown[f"{key}.street"] = parts[0]
        self.c.shown[f"{key}.csz"] = f"{parts[1]}, {parts[2]} {parts[3]}"

    def days(self, lo: int, hi: int) -> dt.timedelta:
        return dt.timedelta(days=self.r.randint(lo, hi))


def draw_case(tpl: Template, *, rng: random.Random, seed: int, received: dt.date, kinds: list[str],
              typed: bool) -> Case:
    """Draw the values a person wrote on ``tpl``, with the violations ``kinds`` planted."""
    d = _Draw(tpl, rng, seed, received, typed)
    ft = tpl.form_type
    R = received
    want = set(kinds)
    planted: list[str] = []

    # ---- patient
    if ft == "minor_portal_authorization":
        age = 18 + rng.randint(0, 2) if "minor_too_old" in want else rng.randint(8, 11) if "minor_too_young" in want \
            else rng.randint(12, 17)
        planted += [k for k in ("minor_too_old", "minor_too_young") if k in want][:1]
    elif ft == "portal_proxy_authorization" and "proxy_patient_minor" in want:
        age = rng.randint(13, 17)
        planted.append("proxy_patient_minor")
    elif "minor_sud_parent_only" in want:
        age = rng.randint(12, 17)
    else:
        age = rng.choice([rng.randint(18, 40), rng.randint(25, 70), rng.randint(60, 94)])
        if ft in ("access_request", "third_party_authorization") and "parent_of_adult" not in want and d.p(0.06):
            age = rng.randint(3, 17)  # a parent asking for a child's records
    dob = F.dob_for_age(R, age, rng)
    sex = rng.choice("mf")
    pname = F.person_name(rng, d.fk, sex=sex)
    last = pname.split()[-1]
    if "patient_name_missing" not in want:
        d.name("patient_name", pname)
    else:
        planted.append("patient_name_missing")
    if d.p(0.95) or ft == "minor_portal_authorization":
        d.date("patient_dob", dob)
    if d.p(0.45):
        d.set("mrn", F.mrn(rng), None)
        d.c.shown["mrn"] = d.c.fields["mrn"]
    if d.p(0.85):
        d.phone("patient_phone")
    if d.p(0.55):
        d.email("patient_email", F.email_for(pname, rng))
    if d.p(0.7):
        d.address("patient_address")

    # ---- signer
    sig_date = R - d.days(0, 3) if d.p(0.5) else R - d.days(0, 25)
    rep_auth = None
    signer = pname
    if ft != "minor_portal_authorization":
        if age < 18 and ft != "portal_proxy_authorization":
            signer = F.person_name(rng, d.fk, last=last)
            rep_auth = rng.choice(["Parent", "Parent of minor", "Mother", "Father"])
            if "minor_sud_parent_only" in want:
                planted.append("minor_sud_parent_only")
        elif "parent_of_adult" in want:
            signer = F.person_name(rng, d.fk, last=last)
            rep_auth = "Parent"
            planted.append("parent_of_adult")
        elif "rep_authority_missing" in want or d.p(0.12):
            signer = F.person_name(rng, d.fk)
            rep_auth = rng.choice(W.REP_AUTHORITIES)
        if rep_auth and "rep_authority_missing" in want:
            rep_auth = None
            planted.append("rep_authority_missing")
        if signer != pname or d.p(0.7):
            d.name("signer_name", signer)
        if rep_auth:
            d.set("representative_authority", rep_auth, rep_auth)

    who = "guardian_signature" if ft == "minor_portal_authorization" else "signature"
    signed = "signature_missing" not in want
    if not signed:
        planted.append("signature_missing")
    if "signature_date_after_received" in want:
        sig_date = R + d.days(1, 20)
        planted.append("signature_date_after_received")
    d.c.signed[who] = signed
    d.set(f"{who}_present" if who != "signature" else "signature_present", signed)
    date_written = signed and "signature_date_missing" not in want or (not signed and d.p(0.25))
    if "signature_date_missing" in want and signed:
        planted.append("signature_date_missing")
    if date_written:
        d.date(f"{who}_date" if who != "signature" else "signature_date", sig_date)

    # ---- per type
    if ft == "access_request":
        _access(d, want, planted)
    elif ft == "third_party_authorization":
        _third_party(d, want, planted, age)
    elif ft == "portal_proxy_authorization":
        _proxy(d, want, planted, last, sig_date)
    elif ft == "minor_portal_authorization":
        _minor(d, want, planted, pname, dob, last, sig_date)
    elif ft == "amendment_request":
        _amend(d, want, planted)
    elif ft == "revocation":
        _revocation(d, want, planted, sig_date)
    if tpl.style.get("letter"):
        _complete_letter(d, dob, sig_date)
    _fit_options(d.c, tpl)
    d.c.kinds = planted
    return d.c


def _complete_letter(d: _Draw, dob: dt.date, sig_date: dt.date) -> None:
    """A letter states its facts in sentences: leave no hole in them."""
    f = d.c.fields
    if "patient_address" not in f:
        d.address("patient_address")
    if "patient_dob" not in f:
        d.date("patient_dob", dob)
    if "mrn" not in f:
        d.set("mrn", F.mrn(d.r), None)
        d.c.shown["mrn"] = f["mrn"]
    if "patient_phone" not in f:
        d.phone("patient_phone")
    if "original_authorization_date" not in f:
        d.date("original_authorization_date", sig_date - d.days(20, 800))
    if "revoked_party" not in f:
        d.name("revoked_party", _recipient(d) if f.get("revokes") == "authorization" else F.person_name(d.r, d.fk))
    if "effective_date" not in f:
        d.date("effective_date", sig_date + d.days(0, 20))
    if "signer_name" not in f:
        d.name("signer_name", f.get("patient_name", F.person_name(d.r, d.fk)))
    if "signature_date" not in f:
        d.date("signature_date", sig_date)


def _fit_options(c: Case, tpl: Template) -> None:
    """Keep only ticks the template offers; a single choice it does not offer is dropped."""
    from synth.templates.blocks import Checks
    for b in tpl.blocks:
        if not isinstance(b, Checks) or b.key not in c.checks:
            continue
        offered = {code for code, _ in b.options}
        kept = c.checks[b.key] & offered
        c.checks[b.key] = kept
        if b.multi:
            if kept:
                c.fields[b.key] = sorted(kept)
            else:
                c.fields.pop(b.key, None)
        elif not kept:
            c.fields.pop(b.key, None)


def options_of(tpl: Template, key: str) -> list[str] | None:
    """Codes a template's checkbox group offers for ``key``; None when it is a blank."""
    from synth.templates.blocks import Checks
    for b in tpl.blocks:
        if isinstance(b, Checks) and b.key == key:
            return [code for code, _ in b.options]
    return None


def _categories(d: _Draw) -> list[str]:
    if d.p(0.35):
        return ["all_records"]
    pool = [c for c in CATEGORIES if c not in ("all_records", "psychotherapy_notes")]
    weights = [5 if c in ("progress_notes", "lab_results", "imaging", "medication_list") else
               1 if c in ("substance_use_treatment", "hiv_std_genetic") else 2 for c in pool]
    n = d.r.choice([1, 1, 2, 2, 3, 4])
    out: set[str] = set()
    while len(out) < n:
        out.add(d.r.choices(pool, weights)[0])
    return sorted(out)


def _range(d: _Draw) -> None:
    start = d.R - d.days(60, 365 * 8)
    end = min(d.R, start + d.days(30, 900))
    d.date("date_range_start", start)
    d.date("date_range_end", end)


def _access(d: _Draw, want: set[str], planted: list[str]) -> None:
    if d.p(0.95):
        cats = _categories(d)
        d.c.checks["records_requested"] = set(cats)
        d.set("records_requested", cats)
    if d.p(0.45):
        _range(d)
    fmt = d.r.choice(["paper", "electronic"])
    meth = d.r.choice(["mail", "pickup"]) if fmt == "paper" else d.r.choice(["email", "portal", "usb", "mail"])
    if d.p(0.92):
        d.c.checks["delivery_format"] = {fmt}
        d.set("delivery_format", fmt)
    if d.p(0.9):
        d.c.checks["delivery_method"] = {meth}
        d.set("delivery_method", meth)
    if "directive_address_missing" in want or d.p(0.2):
        d.name("recipient_name", _recipient(d))
        if "directive_address_missing" in want:
            planted.append("directive_address_missing")
        else:
            d.address("recipient_address")


def _recipient(d: _Draw) -> str:
    return recipient_name(d.r, d.fk)


def recipient_name(rng: random.Random, fk) -> str:
    """A person or organisation records go to, as the authorizations name them (``W.RECIPIENT_KINDS``)."""
    pat = rng.choice(W.RECIPIENT_KINDS)
    return pat.format(last=fk.last_name(), last2=fk.last_name(), first=fk.first_name(), city=fk.city()).strip()


def _expiration(d: _Draw, want: set[str], planted: list[str], sig_date: dt.date) -> None:
    if "expiration_missing" in want:
        planted.append("expiration_missing")
        return
    if "expired" in want:
        d.date("expiration_date", d.R - d.days(1, 200))
        planted.append("expired")
        return
    if d.p(0.7):
        d.date("expiration_date", max(d.R, sig_date) + d.days(30, 800))
    else:
        ev = d.r.choice(W.EXPIRATION_EVENTS)
        d.set("expiration_event", ev, ev)


def _third_party(d: _Draw, want: set[str], planted: list[str], age: int) -> None:
    t = d.t
    d.set("disclosing_party", t.issuer, t.issuer)
    if "recipient_missing" in want:
        planted.append("recipient_missing")
    else:
        d.name("recipient_name", _recipient(d))
        if d.p(0.8):
            d.address("recipient_address")
        if d.p(0.6):
            d.phone("recipient_phone")
    if "purpose_missing" in want:
        planted.append("purpose_missing")
    else:
        purp = d.r.choice(options_of(t, "purpose") or W.PURPOSES)
        d.set("purpose", purp, purp)
        d.c.checks["purpose"] = {purp}
    if "records_missing" in want:
        planted.append("records_missing")
        cats: list[str] = []
    elif "psychotherapy_compounded" in want:
        cats = sorted({"psychotherapy_notes"} | set(d.r.sample(["progress_notes", "mental_health", "lab_results",
                                                                 "medication_list", "billing"], d.r.randint(1, 2))))
        planted.append("psychotherapy_compounded")
    elif d.p(0.05):
        cats = ["psychotherapy_notes"]
    else:
        cats = _categories(d)
    if "minor_sud_parent_only" in want and "substance_use_treatment" not in cats:
        cats = sorted(set(cats) - {"all_records"} | {"substance_use_treatment"})
    offered = options_of(t, "records_requested") or []
    if "psychotherapy_compounded" not in want and "psychotherapy_notes" in cats and "psychotherapy_notes" not in offered:
        cats = _categories(d)
    if cats:
        d.c.checks["records_requested"] = set(cats)
        d.set("records_requested", cats)
    if d.p(0.55):
        _range(d)
    sig = dt.date.fromisoformat(d.c.fields.get("signature_date", d.R.isoformat()))
    _expiration(d, want, planted, sig)
    for s in t.statements:
        kind = s + "_missing"
        present = kind not in want
        if not present:
            d.c.dropped.add(s)
            planted.append(kind)
        d.set(s, present)
    for s in ("statement_revocation", "statement_conditioning", "statement_redisclosure"):
        d.c.fields.setdefault(s, False)
    elements = list(t.part2)
    if elements:
        if "part2_description_missing" in want and "sud_description" in elements:
            elements.remove("sud_description")
            d.c.dropped.add("part2:sud_description")
            planted.append("part2_description_missing")
        if "part2_tpo_incomplete" in want and "tpo_refusal" in elements:
            elements.remove("tpo_refusal")
            d.c.dropped.add("part2:tpo_refusal")
            planted.append("part2_tpo_incomplete")
        d.set("sud_consent_elements", sorted(elements))


def _proxy(d: _Draw, want: set[str], planted: list[str], last: str, sig_date: dt.date) -> None:
    rel = d.r.choice(W.RELATIONSHIPS)
    same = rel in ("Spouse", "Daughter", "Son", "Sister", "Brother", "Mother", "Father", "Grandson", "Granddaughter")
    pn = F.person_name(d.r, d.fk, last=last if same and d.p(0.8) else None)
    if "proxy_name_missing" in want:
        planted.append("proxy_name_missing")
    else:
        d.name("proxy_name", pn)
    if d.p(0.95):
        d.set("proxy_relationship", rel, rel)
    if d.p(0.9):
        d.email("proxy_email", F.email_for(pn, d.r))
    if d.p(0.6):
        d.phone("proxy_phone")
    if "proxy_scope_missing" in want:
        planted.append("proxy_scope_missing")
    else:
        scope = d.r.choice(["full", "full", "limited"])
        d.c.checks["access_scope"] = {scope}
        d.set("access_scope", scope)
    _expiration(d, want, planted, sig_date)


def _minor(d: _Draw, want: set[str], planted: list[str], pname: str, dob: dt.date, last: str,
           sig_date: dt.date) -> None:
    c = d.c
    if "patient_name" in c.fields:
        d.name("minor_name", pname)
    d.date("minor_dob", dob)
    for k in ("patient_address",):
        c.fields.pop(k, None)
    if "guardian_missing" in want:
        planted.append("guardian_missing")
    else:
        rel = d.r.choice(W.GUARDIAN_RELS)
        d.name("guardian_name", F.person_name(d.r, d.fk, last=last if rel != "Legal guardian" else None,
                                              sex="f" if rel in ("Mother", "Grandmother (guardian)") else
                                              "m" if rel in ("Father", "Stepfather") else None))
        d.set("guardian_relationship", rel, rel)
    if "access_to_missing" in want:
        planted.append("access_to_missing")
    else:
        a = d.r.choice(["guardian", "minor", "both"])
        c.checks["access_to"] = {a}
        d.set("access_to", a)
    msigned = "minor_signature_missing" not in want
    if not msigned:
        planted.append("minor_signature_missing")
    c.signed["minor_signature"] = msigned
    d.set("minor_signature_present", msigned)
    if msigned:
        d.date("minor_signature_date", sig_date - d.days(0, 2))
    # the general signature fields are the guardian's (forms.md)
    d.set("signature_present", c.fields["guardian_signature_present"])
    if "guardian_signature_date" in c.fields:
        c.fields["signature_date"] = c.fields["guardian_signature_date"]


def _amend(d: _Draw, want: set[str], planted: list[str]) -> None:
    what, change, why = d.r.choice(W.AMEND_ITEMS)
    if d.p(0.9):
        d.date("record_date", d.R - d.days(10, 900))
    for key, val in (("information_to_amend", what), ("requested_change", change), ("reason", why)):
        kind = {"information_to_amend": "amend_what_missing", "requested_change": "amend_change_missing",
                "reason": "amend_reason_missing"}[key]
        if kind in want:
            planted.append(kind)
        else:
            d.set(key, val, val)


def _revocation(d: _Draw, want: set[str], planted: list[str], sig_date: dt.date) -> None:
    what = d.r.choice(["authorization", "authorization", "portal_proxy", "minor_portal"])
    d.c.checks["revokes"] = {what}
    d.set("revokes", what, d.r.choice(REVOKE_WORDS[what]))
    if d.p(0.8):
        d.date("original_authorization_date", sig_date - d.days(20, 800))
    if d.p(0.85):
        party = F.person_name(d.r, d.fk) if what != "authorization" else _recipient(d)
        d.name("revoked_party", party)
    if d.p(0.6):
        d.date("effective_date", sig_date + d.days(0, 20))


__all__ = ["Case", "draw_case", "code_of"]
