"""Template builders: one issuer + one form type -> a ``Template``.

Every choice (title, labels, section names, row arrangement, statement
wording, options offered) is drawn from a random generator seeded by the
template's name, so a template is fixed across documents and runs while
issuers differ from one another.
"""

from __future__ import annotations

import random
import zlib
from typing import Callable

from synth.templates import wording as W
from synth.templates.blocks import (Block, Checks, Header, Inline, Note, Para, Row, Section, Sign, Space,
                                    Template, Title)
from synth.templates.issuers import Issuer

FORM_TYPES = ["access_request", "third_party_authorization", "portal_proxy_authorization",
              "minor_portal_authorization", "amendment_request", "revocation"]
CATEGORIES = ["all_records", "progress_notes", "lab_results", "imaging", "medication_list", "immunizations",
              "discharge_summaries", "billing", "mental_health", "substance_use_treatment", "psychotherapy_notes",
              "dental", "hiv_std_genetic"]


class _T:
    """Template-building context: the issuer and a generator fixed by the template's name."""

    def __init__(self, issuer: Issuer, form_type: str, variant: str = ""):
        self.issuer = issuer
        self.form_type = form_type
        self.name = f"{issuer.key}.{form_type}{variant}"
        self.r = random.Random(zlib.crc32(self.name.encode()))
        self.idx = zlib.crc32(issuer.key.encode())
        self.labels: dict[str, str] = {}

    def pick(self, seq):
        return self.r.choice(seq)

    def label(self, key: str) -> str:
        if key not in self.labels:
            own = self.issuer.style.get("wording", {})
            self.labels[key] = own[key] if key in own else self.pick(W.LABELS[key])
        return self.labels[key]

    def section(self, kind: str) -> Section:
        own = self.issuer.style.get("wording", {}).get(f"section.{kind}")
        return Section(own or self.pick(W.SECTIONS[kind]))

    def title(self) -> Title:
        opts = W.TITLES[self.form_type]
        t, sub = opts[(self.idx + self.r.randint(0, 1)) % len(opts)]
        return Title(t, sub)


def _patient(t: _T, *, email: bool = True) -> list[Block]:
    v = t.r.randint(0, 3)
    name, dob, mrn, ph, em = (t.label(k) for k in ("patient_name", "patient_dob", "mrn", "patient_phone", "patient_email"))
    rows: list[Block] = [t.section("patient")]
    if v == 0:
        rows += [Row((("patient_name", name, 2.2), ("patient_dob", dob, 1), ("mrn", mrn, 1))),
                 Row((("patient_address", t.label("patient_address"), 3), ("patient_phone", ph, 1.3)))]
        if email:
            rows.append(Row((("patient_email", em, 2), ("", "", 1))))
    elif v == 1:
        rows += [Row((("patient_name", name, 3), ("patient_dob", dob, 1.2))),
                 Row((("patient_address.street", t.label("street"), 2.2), ("patient_address.csz", t.label("csz"), 2))),
                 Row((("patient_phone", ph, 1), ("patient_email", em, 1.6), ("mrn", mrn, 1)) if email
                     else (("patient_phone", ph, 1), ("mrn", mrn, 1)))]
    elif v == 2:
        rows += [Row((("patient_name", name, 1),)),
                 Row((("patient_dob", dob, 1), ("mrn", mrn, 1), ("patient_phone", ph, 1.2))),
                 Row((("patient_address", t.label("patient_address"), 1),))]
        if email:
            rows.append(Row((("patient_email", em, 1),)))
    else:
        rows += [Row((("patient_name", name, 2), ("patient_dob", dob, 1))),
                 Row((("patient_address.street", t.label("street"), 1),)),
                 Row((("patient_address.csz", t.label("csz"), 2), ("patient_phone", ph, 1))),
                 Row((("patient_email", em, 2), ("mrn", mrn, 1)) if email else (("mrn", mrn, 1), ("", "", 2)))]
    return rows


def _signature(t: _T, who: str = "signature") -> list[Block]:
    out: list[Block] = [t.section("signature")] if t.r.random() < 0.6 else [Space(20)]
    sig_label = t.pick(["Signature of Patient or Legal Representative", "Patient / Representative Signature",
                        "Signature", "Signature of Patient (or Personal Representative)", "Sign here"])
    date_label = t.pick(["Date", "Date Signed", "Today's Date", "Date"])
    out.append(Sign(who, sig_label, date_label, "signer_name", t.label("signer_name")))
    if t.r.random() < 0.5:
        out.append(Row((("representative_authority", t.label("representative_authority"), 1),)))
    else:
        out.append(Inline(("If signed by someone other than the patient, state your legal authority: ",
                           ("representative_authority",), " (attach a copy of the supporting document).")))
    return out


def _categories(t: _T, *, psycho: bool, sud: bool) -> tuple[tuple[str, str], ...]:
    cats = [c for c in CATEGORIES if (psycho or c != "psychotherapy_notes") and (sud or c != "substance_use_treatment")]
    if t.r.random() < 0.4:  # some forms offer a shorter list
        keep = {"all_records", "psychotherapy_notes", "substance_use_treatment"}
        cats = [c for c in cats if c in keep or t.r.random() < 0.7]
    return tuple((c, t.pick(W.CATEGORY_LABELS[c])) for c in cats)


def _date_range(t: _T) -> list[Block]:
    lab = t.label("date_range")
    if t.r.random() < 0.5:
        return [Row((("date_range_start", f"{lab} from", 1), ("date_range_end", "to", 1)))]
    return [Inline((f"{lab}: from ", ("date_range_start",), " to ", ("date_range_end",), "."))]


def _expiration(t: _T) -> list[Block]:
    out: list[Block] = [t.section("expiration")] if t.r.random() < 0.7 else []
    if t.r.random() < 0.5:
        out.append(Row((("expiration_date", t.label("expiration_date"), 1),
                        ("expiration_event", t.label("expiration_event"), 1.4))))
    else:
        out.append(Inline(("This authorization expires on ", ("expiration_date",), " or upon the following event: ",
                           ("expiration_event",), ". If neither is given it expires one year from signing.")))
    return out


def _intro(t: _T) -> list[Block]:
    return [Para(t.pick(W.INTROS[t.form_type]))] if t.r.random() < 0.75 else []


def build_access(t: _T) -> list[Block]:
    b: list[Block] = [Header(), t.title()] + _intro(t) + _patient(t)
    b.append(t.section("records"))
    b.append(Checks("records_requested", t.pick(["I am requesting (check all that apply):", "Records requested:",
                                                  "Please send the following:", "Check the records you want:"]),
                    _categories(t, psycho=t.r.random() < 0.6, sud=True), cols=t.pick([2, 2, 3])))
    b += _date_range(t)
    b.append(t.section("delivery"))
    fmt_opts = (("paper", t.pick(["Paper copy", "Paper", "Printed copy"])),
                ("electronic", t.pick(["Electronic copy", "Electronic (PDF)", "Electronic / digital copy"])))
    meth = [("mail", t.pick(["Mail to my address", "U.S. Mail", "Mail"])),
            ("pickup", t.pick(["Pick up in person", "I will pick up", "Pickup"])),
            ("email", t.pick(["Email (encrypted)", "Secure email", "Email"])),
            ("fax", t.pick(["Fax", "Fax to number below"])),
            ("portal", t.pick(["Patient portal", "Upload to my portal account"])),
            ("usb", t.pick(["USB drive / CD", "Flash drive"]))]
    b.append(Checks("delivery_format", t.pick(["Format:", "I want my records as:", "Copy format (choose one):"]),
                    fmt_opts, cols=2, multi=False))
    b.append(Checks("delivery_method", t.pick(["Delivery:", "Send them by (choose one):", "Delivery method:"]),
                    tuple(meth), cols=3, multi=False))
    b.append(t.section("recipient") if t.r.random() < 0.5 else
             Para(t.pick(["Send a copy to a third party (complete only if you want your records sent to someone else):",
                          "Directive: I ask that a copy of my records be sent to the person named below."])))
    if t.r.random() < 0.5:
        b.append(Row((("recipient_name", t.label("recipient_name"), 1), ("recipient_address", t.label("recipient_address"), 1.6))))
    else:
        b += [Row((("recipient_name", t.label("recipient_name"), 1),)),
              Row((("recipient_address", t.label("recipient_address"), 1),))]
    if t.r.random() < 0.5:
        b.append(Para(t.pick(W.PSYCHO_NOTE), small=True))
    b += _signature(t)
    if t.r.random() < 0.4:
        b.append(Note("FOR OFFICE USE ONLY   ID verified: ____   Date received: ________   Initials: ____"))
    return b


def build_third_party(t: _T) -> tuple[list[Block], tuple[str, ...], tuple[str, ...]]:
    part2 = t.r.random() < 0.6
    b: list[Block] = [Header(), t.title()] + _intro(t) + _patient(t, email=t.r.random() < 0.7)
    if t.r.random() < 0.5:
        b.append(Inline(("I authorize ", ("=disclosing_party", t.issuer.name), t.pick([
            " to release the health information described below.",
            " and its clinics to disclose my records as described on this form.",
            " to disclose information from my health record."]))))
    else:
        b += [t.section("discloser"), Row((("disclosing_party", t.label("disclosing_party"), 1),))]
    b.append(t.section("recipient"))
    if t.r.random() < 0.5:
        b += [Row((("recipient_name", t.label("recipient_name"), 2), ("recipient_phone", t.label("recipient_phone"), 1))),
              Row((("recipient_address", t.label("recipient_address"), 1),))]
    else:
        b += [Row((("recipient_name", t.label("recipient_name"), 1),)),
              Row((("recipient_address.street", t.label("street"), 1.5), ("recipient_address.csz", t.label("csz"), 1.3))),
              Row((("recipient_phone", t.label("recipient_phone"), 1), ("", "", 1)))]
    b.append(t.section("records"))
    b.append(Checks("records_requested", t.pick(["Information to be disclosed (check all that apply):",
                                                  "Release the following:", "Records to be released:"]),
                    _categories(t, psycho=True, sud=True), cols=t.pick([2, 2, 3])))
    b += _date_range(t)
    elements: tuple[str, ...] = ()
    if part2:
        elements = t.pick([("sud_description", "revocation_how"), ("sud_description", "revocation_how"),
                           ("revocation_how", "sud_description", "tpo_consent", "tpo_redisclosure", "tpo_refusal")])
        notice = t.pick(W.PART2_NOTICE)
        # a notice that names the SUD records this consent discloses is itself a description of them
        # (pipeline/statements.py SUD_NOTICE): it goes when the description is dropped
        b.append(Para(notice, key="part2:sud_description" if notice == W.PART2_NOTICE[0] else "", small=True))
        for e in elements:
            b.append(Para(t.pick(W.PART2[e]), key=f"part2:{e}", small=True))
    if t.r.random() < 0.6:
        b.append(Para(t.pick(W.PSYCHO_NOTE), small=True))
    b.append(t.section("purpose"))
    if t.r.random() < 0.65:
        b.append(Row((("purpose", t.label("purpose"), 1),)))
    else:
        opts = t.r.sample(W.PURPOSES, 6)
        b.append(Checks("purpose", t.label("purpose") + ":", tuple((p, p) for p in opts), cols=3, multi=False))
    b += _expiration(t)
    b.append(t.section("rights"))
    bullet = t.r.random() < 0.5
    stmts = ["statement_revocation", "statement_conditioning", "statement_redisclosure"]
    t.r.shuffle(stmts)
    for s in stmts:
        b.append(Para(t.pick(W.STATEMENTS[s]), key=s, small=t.r.random() < 0.5, bullet=bullet))
    b += _signature(t)
    return b, tuple(sorted(stmts)), tuple(sorted(elements))


def build_proxy(t: _T) -> list[Block]:
    b: list[Block] = [Header(), t.title()] + _intro(t) + _patient(t)
    b.append(t.section("proxy"))
    if t.r.random() < 0.5:
        b += [Row((("proxy_name", t.label("proxy_name"), 2), ("proxy_relationship", t.label("proxy_relationship"), 1))),
              Row((("proxy_email", t.label("proxy_email"), 2), ("proxy_phone", t.label("proxy_phone"), 1)))]
    else:
        b += [Row((("proxy_name", t.label("proxy_name"), 1),)), Row((("proxy_relationship", t.label("proxy_relationship"), 1),)),
              Row((("proxy_email", t.label("proxy_email"), 1.5), ("proxy_phone", t.label("proxy_phone"), 1)))]
    b.append(Checks("access_scope", t.pick(["Level of access:", "Access requested (choose one):", "Proxy access type:"]),
                    (("full", t.pick(["Full access (view record, message, schedule)", "Full proxy access", "Full"])),
                     ("limited", t.pick(["Limited access (appointments and billing only)", "Limited proxy access",
                                         "Limited"]))), cols=1, multi=False))
    b += _expiration(t)
    b.append(t.section("rights"))
    b.append(Para(t.pick([
        "I understand my proxy will be able to see my health information, including sensitive results, in the portal.",
        "I may revoke proxy access at any time by notifying the clinic in writing. The proxy must not share the login.",
        "Proxy access ends on the date or event above, or when I revoke it in writing."]), small=True, bullet=True))
    b.append(Para(t.pick(W.STATEMENTS["statement_conditioning"]), small=True, bullet=True))
    b += _signature(t)
    return b


def build_minor(t: _T) -> list[Block]:
    b: list[Block] = [Header(), t.title()] + _intro(t)
    b.append(t.section("minor"))
    b += [Row((("minor_name", t.label("minor_name"), 2), ("minor_dob", t.label("minor_dob"), 1), ("mrn", t.label("mrn"), 1))),
          Row((("patient_phone", t.label("patient_phone"), 1), ("patient_email", t.label("patient_email"), 1.6)))]
    b.append(t.section("guardian"))
    b.append(Row((("guardian_name", t.label("guardian_name"), 2), ("guardian_relationship", t.label("guardian_relationship"), 1))))
    b.append(Checks("access_to", t.pick(["Portal access will be given to:", "Who may use the portal account (choose one):",
                                         "Access granted to:"]),
                    tuple((c, lab) for c, lab in W.ACCESS_TO), cols=t.pick([1, 3]), multi=False))
    b.append(t.section("rights"))
    for txt in t.r.sample([
        "Information about care a minor may receive confidentially (for example mental health, sexual health or substance use treatment) will not be shown to the parent or guardian.",
        "Portal access for the parent or guardian ends on the minor's 18th birthday.",
        "Either signer may revoke this authorization at any time in writing.",
        "The minor's access may be limited by the provider if it is in the minor's best interest."], 2):
        b.append(Para(txt, small=True, bullet=True))
    b.append(Sign("minor_signature", t.pick(["Signature of Minor Patient", "Minor's Signature", "Patient (age 12-17) signature"]),
                  "Date"))
    b.append(Sign("guardian_signature", t.pick(["Signature of Parent/Guardian", "Parent or Legal Guardian Signature",
                                                "Guardian's Signature"]), "Date"))
    return b


def build_amendment(t: _T) -> list[Block]:
    b: list[Block] = [Header(), t.title()] + _intro(t) + _patient(t)
    b.append(t.section("amend"))
    b.append(Row((("record_date", t.label("record_date"), 1), ("", "", 1.5))))
    for k in ("information_to_amend", "requested_change", "reason"):
        b.append(Row(((k, t.label(k), 1),)))
    b.append(Para(t.pick([
        "We will respond in writing within 60 days. If we deny your request you may submit a statement of disagreement.",
        "If your request is accepted we will tell the people you name who need the amended information."]), small=True))
    b += _signature(t)
    return b


def build_revocation_form(t: _T) -> list[Block]:
    b: list[Block] = [Header(), t.title()] + _intro(t) + _patient(t, email=False)
    b.append(t.section("revoke"))
    b.append(Checks("revokes", t.pick(["I revoke (check one):", "I am revoking:", "Type of authorization revoked:"]),
                    (("authorization", t.pick(["Authorization to release information", "Release of information authorization"])),
                     ("portal_proxy", t.pick(["Patient portal proxy access", "Proxy access to my portal account"])),
                     ("minor_portal", t.pick(["Minor (age 12-17) portal authorization", "Adolescent portal access"]))),
                    cols=1, multi=False))
    b.append(Row((("original_authorization_date", t.label("original_authorization_date"), 1),
                  ("revoked_party", t.label("revoked_party"), 2))))
    b.append(Row((("effective_date", t.label("effective_date"), 1), ("", "", 2))))
    b.append(Para(t.pick([
        "I understand the revocation does not apply to information already released in reliance on the authorization.",
        "This revocation is effective when received unless a later date is given above."]), small=True))
    b += _signature(t)
    return b


def build_revocation_letter(t: _T) -> list[Block]:
    """A patient's own letter: no letterhead; the values sit inside sentences."""
    v = t.r.randint(0, 2)
    head: list[Block] = [Inline((("patient_name",),)), Inline((("patient_address",),)), Space(40),
                         Inline((("signature_date",),)), Space(40),
                         Inline((t.issuer.name,)), Inline((t.pick(["Attn: ", "Attention: "]) + t.issuer.dept,)),
                         Inline((t.issuer.street,)), Inline((t.issuer.city,)), Space(40)]
    head.append(Inline((t.pick(["Re: Revocation of authorization", "RE: Revoking my authorization",
                                "Subject: Cancel my release of information"]),)))
    head.append(Space(30))
    head.append(Inline((t.pick(["To whom it may concern:", "Dear Medical Records Department,", "Dear Sir or Madam:"]),)))
    if v == 0:
        body = Inline(("I, ", ("signer_name",), ", am writing to revoke the ", ("revokes",), " dated ",
                       ("original_authorization_date",), " that allowed release of records of ", ("patient_name",),
                       " (date of birth ", ("patient_dob",), ") to ", ("revoked_party",),
                       ". Please do not release any further information after ", ("effective_date",), "."))
    elif v == 1:
        body = Inline(("Please accept this letter as my written revocation of the ", ("revokes",), " I signed on ",
                       ("original_authorization_date",), ". ", ("revoked_party",),
                       " should no longer receive my health information. My date of birth is ", ("patient_dob",),
                       " and my medical record number is ", ("mrn",), ". This revocation is effective ",
                       ("effective_date",), "."))
    else:
        body = Inline(("Effective ", ("effective_date",), ", I revoke the ", ("revokes",), " naming ",
                       ("revoked_party",), " that I signed on ", ("original_authorization_date",),
                       ". Patient: ", ("patient_name",), ", DOB ", ("patient_dob",), ", phone ", ("patient_phone",), "."))
    tail: list[Block] = [Space(30), body, Space(30),
                         Inline((t.pick(["I understand this does not affect information already released.",
                                         "Thank you for your prompt attention to this matter."]),)),
                         Space(30), Inline((t.pick(["Sincerely,", "Thank you,", "Regards,"]),)),
                         Sign("signature", "", "", "signer_name", ""),
                         Inline((("representative_authority",),))]
    return head + tail


_BUILDERS: dict[str, Callable[[_T], object]] = {
    "access_request": build_access, "third_party_authorization": build_third_party,
    "portal_proxy_authorization": build_proxy, "minor_portal_authorization": build_minor,
    "amendment_request": build_amendment, "revocation": build_revocation_form,
}


def build(issuer: Issuer, form_type: str, variant: str = "") -> Template:
    """The template of ``issuer`` for ``form_type``; ``variant="_letter"`` for letter-style revocations."""
    t = _T(issuer, form_type, variant)
    statements: tuple[str, ...] = ()
    part2: tuple[str, ...] = ()
    style = dict(issuer.style)
    if variant == "_letter":
        blocks = build_revocation_letter(t)
        style.update(letter=True, header="none")
    else:
        out = _BUILDERS[form_type](t)
        if form_type == "third_party_authorization":
            blocks, statements, part2 = out  # type: ignore[misc]
        else:
            blocks = out  # type: ignore[assignment]
    style.setdefault("margin", t.r.choice([160, 190, 220]))
    style.setdefault("body", t.r.choice([34, 36, 38]))
    form_code = f"{issuer.code}-{t.r.randint(100, 989)} (Rev. {t.r.randint(1, 12)}/{t.r.randint(2019, 2025)})"
    return Template(name=t.name, form_type=form_type, issuer=issuer.name, issuer_key=issuer.key, blocks=blocks,
                    style=style, form_code=form_code, statements=statements, part2=part2)
