"""Fictional issuers: the provider organisations whose forms we render.

None of these exist. Each has a house style (fonts, how blanks are drawn,
section headers, checkbox glyph, logo), so a template family looks alike
within an issuer and different across issuers. Hold issuers out of training
by key (``synth.templates.ISSUERS``).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Issuer:
    key: str
    name: str
    dept: str
    street: str
    city: str
    phone: str
    fax: str
    code: str  # form number prefix
    style: dict = field(default_factory=dict)


def _s(font: str, fields: str, section: str, check: str, title: str, header: str, logo: str, **kw) -> dict:
    return {"font": font, "fields": fields, "section": section, "check": check, "title": title,
            "header": header, "logo": logo, **kw}


ISSUER_LIST: list[Issuer] = [
    Issuer("aspen", "Aspen Ridge Health", "Health Information Management", "1200 Aspen Ridge Parkway",
           "Grand Junction, CO 81501", "(970) 555-0110", "(970) 555-0111", "ARH",
           _s("sans", "box", "band", "square", "band", "logo_left", "mountain")),
    Issuer("bluemesa", "Blue Mesa Clinic", "Medical Records", "88 Mesa Verde Drive", "Cortez, CO 81321",
           "(970) 555-0182", "(970) 555-0183", "BMC",
           _s("serif", "under", "caps_rule", "bracket", "center_bold", "center", "none")),
    Issuer("cottonwood", "Cottonwood Family Medicine", "Release of Information", "415 Cottonwood Lane, Suite 200",
           "Logan, UT 84321", "(435) 555-0147", "(435) 555-0148", "CFM",
           _s("dejavu", "inline", "plain_bold", "square", "left_rule", "logo_left", "leaf")),
    Issuer("granite", "Granite Peak Behavioral Health", "Privacy & Records Office", "9 Granite Peak Road",
           "Bozeman, MT 59715", "(406) 555-0190", "(406) 555-0191", "GPBH",
           _s("serif", "grid", "numbered", "square", "center_box", "right_block", "circle")),
    Issuer("juniper", "Juniper Valley Medical Center", "HIM Department", "2300 Juniper Valley Blvd",
           "Boise, ID 83702", "(208) 555-0133", "(208) 555-0134", "JVMC",
           _s("narrow", "box", "underline", "circle", "center_bold", "logo_left", "cross")),
    Issuer("prairie", "Prairie Wind Community Health Center", "Health Records", "700 Prairie Wind Avenue",
           "Cheyenne, WY 82001", "(307) 555-0122", "(307) 555-0123", "PWCHC",
           _s("dejavu_serif", "under", "band", "underscore", "left_rule", "center", "none")),
    Issuer("sagebrush", "Sagebrush Pediatrics & Family Care", "Medical Records Department", "31 Sagebrush Trail",
           "Santa Fe, NM 87505", "(505) 555-0175", "(505) 555-0176", "SPFC",
           _s("condensed", "inline", "caps_rule", "square", "band", "right_block", "leaf")),
    Issuer("redrock", "Red Rock Regional Hospital", "Health Information Services", "5100 Red Rock Highway",
           "St. George, UT 84770", "(435) 555-0160", "(435) 555-0161", "RRRH",
           _s("serif", "grid", "underline", "bracket", "center_box", "logo_left", "mountain")),
    Issuer("willow", "Willow Creek Recovery Services", "Confidential Records", "62 Willow Creek Road",
           "Flagstaff, AZ 86001", "(928) 555-0139", "(928) 555-0138", "WCRS",
           _s("sans", "under", "numbered", "circle", "center_bold", "center", "circle")),
    Issuer("northfork", "North Fork Integrated Care", "Health Information Management", "1 North Fork Plaza",
           "Missoula, MT 59802", "(406) 555-0155", "(406) 555-0156", "NFIC",
           _s("dejavu", "box", "plain_bold", "underscore", "left_rule", "right_block", "cross")),
    Issuer("canyon", "Canyon Lake Dental Group", "Patient Records", "240 Canyon Lake Drive", "Rapid City, SD 57701",
           "(605) 555-0117", "(605) 555-0118", "CLDG",
           _s("condensed", "grid", "band", "square", "band", "logo_left", "leaf")),
    Issuer("highdesert", "High Desert Health Partners", "Release of Information Unit", "3900 High Desert Road",
           "Reno, NV 89502", "(775) 555-0144", "(775) 555-0145", "HDHP",
           _s("narrow", "inline", "underline", "bracket", "center_box", "center", "mountain")),
]

ISSUER_BY_KEY: dict[str, Issuer] = {i.key: i for i in ISSUER_LIST}

# Issuers whose label and section wordings are in no pool of ``wording`` and no list of pipeline/labels.json:
# they probe label finding on unseen wording (tests/test_label_concepts.py). Kept out of ``ISSUER_LIST``, so no
# inbox, training set or evaluation draws them; render them by key (``render_document(..., issuer="lark")``).
PROBE_WORDING: dict[str, dict[str, str]] = {
    "lark": {
        "patient_name": "Name", "patient_dob": "Birth date (mm/dd/yyyy)", "mrn": "Chart number",
        "patient_phone": "Cell", "patient_email": "Email", "patient_address": "Address",
        "street": "Address", "csz": "City, State, ZIP",
        "signer_name": "Your printed name", "representative_authority": "Legal capacity of the person signing",
        "information_to_amend": "Which part of the record is inaccurate?",
        "requested_change": "How should the record be changed?",
        "reason": "Explain why this change is needed",
        "record_date": "Date of the visit or note",
        "revoked_party": "Name of person or organization whose authorization is revoked",
        "original_authorization_date": "Date the authorization being revoked was signed",
        "effective_date": "Stop all disclosures starting on",
        "proxy_name": "Name", "proxy_relationship": "Relationship", "proxy_email": "Caregiver's email (invite goes here)",
        "proxy_phone": "Cell", "expiration_date": "Access ends on (date)", "expiration_event": "or when this event happens",
        "section.patient": "PATIENT DETAILS", "section.proxy": "PERSON GIVEN PORTAL ACCESS",
        "section.amend": "YOUR CORRECTION", "section.revoke": "WHAT YOU ARE CANCELLING",
    },
    "fennel": {
        "patient_name": "Name", "patient_dob": "Born on", "mrn": "Account / chart no.",
        "patient_phone": "Mobile", "patient_email": "E-mail", "patient_address": "Home mailing address",
        "street": "Home mailing address", "csz": "City / State / ZIP code",
        "signer_name": "Name of signer (print)", "representative_authority": "Authority (guardian, POA, executor...)",
        "information_to_amend": "Which entry is wrong?",
        "requested_change": "What the entry should say",
        "reason": "Why is this needed?",
        "record_date": "Date of the entry",
        "revoked_party": "Person / organization named",
        "original_authorization_date": "Date originally signed",
        "effective_date": "Date the revocation takes effect",
        "proxy_name": "Full name", "proxy_relationship": "How is this person related to you?",
        "proxy_email": "Proxy's e-mail (for portal invitation)", "proxy_phone": "Mobile",
        "expiration_date": "Valid until (date)", "expiration_event": "or upon the following event",
        "section.patient": "ABOUT YOU (PATIENT)", "section.proxy": "PROXY",
        "section.amend": "THE CHANGE YOU ARE ASKING FOR", "section.revoke": "REVOCATION DETAILS",
    },
}
PROBE_ISSUERS: list[Issuer] = [
    Issuer("lark", "Lark Hollow Health Cooperative", "Records Desk", "17 Lark Hollow Lane", "Durango, CO 81301",
           "(970) 555-0171", "(970) 555-0172", "LHHC",
           _s("sans", "under", "caps_rule", "square", "center_bold", "center", "none", wording=PROBE_WORDING["lark"])),
    Issuer("fennel", "Fennel Street Clinic", "Health Records", "402 Fennel Street", "Laramie, WY 82070",
           "(307) 555-0163", "(307) 555-0164", "FSC",
           _s("dejavu", "box", "plain_bold", "square", "left_rule", "logo_left", "none", wording=PROBE_WORDING["fennel"])),
]
PROBE_BY_KEY: dict[str, Issuer] = {i.key: i for i in PROBE_ISSUERS}


def find_issuer(key_or_name: str) -> Issuer:
    """Look an issuer up by key ("aspen") or full name ("Aspen Ridge Health")."""
    if key_or_name in ISSUER_BY_KEY:
        return ISSUER_BY_KEY[key_or_name]
    if key_or_name in PROBE_BY_KEY:
        return PROBE_BY_KEY[key_or_name]
    for i in ISSUER_LIST:
        if i.name.lower() == key_or_name.lower():
            return i
    raise KeyError(f"unknown issuer {key_or_name!r}; known: {sorted(ISSUER_BY_KEY)}")
