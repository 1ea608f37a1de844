"""Turn a file's prepared pages into judged document results.

classify pages → split into documents → extract each document's fields →
decide (rules, validity, route). Each step is its own module; this one only
orders them and builds the result records.
"""

from __future__ import annotations

from pipeline import write
from pipeline.classify import PageClass, classify_pages
from pipeline.extract import extract_document
from pipeline.inbox import Arrival
from pipeline.pages import Page
from pipeline.result import DocumentResult, FieldValue, MatchStatus, PageInfo, PatientMatch, Source
from pipeline.route import DocumentDraft, Thresholds, decide
from pipeline.rules import PatientRecord
from pipeline.settings import Settings
from pipeline.split import DocumentPlan, split_pages


def build_results(arrival: Arrival, source: Source, pages: list[Page], notes: list[str],
                  settings: Settings) -> list[DocumentResult]:
    """Every document of one file, judged."""
    classes = classify_pages(pages, settings.model_dir)
    return [
        judge(arrival, source, pages, classes, plan, notes, settings)
        for plan in split_pages(pages, classes)
    ]


def form_type_confidence(plan: DocumentPlan, classes: list[PageClass]) -> float:
    """The best calibrated score of the document's type over its form pages.

    Every form page of a document already has the type as its top class (split.py
    groups by it); the title page says it most clearly, a continuation page less.
    """
    label = "other_doc" if plan.form_type == "other" else plan.form_type
    idx = plan.form_indexes or plan.indexes
    scores = [classes[i].scores.get(label, 0.0) for i in idx if not classes[i].blank]
    if not scores:  # only blank or cover pages: nothing says what it is
        return 0.0
    return round(max(scores), 3)


def judge(arrival: Arrival, source: Source, pages: list[Page], classes: list[PageClass],
          plan: DocumentPlan, notes: list[str], settings: Settings) -> DocumentResult:
    """Extract and decide one document."""
    doc_pages = [pages[i] for i in plan.indexes]
    infos = [
        PageInfo(number=p.number, role=role, rotation=p.rotation, skew_degrees=p.skew_degrees,
                 ocr_confidence=p.ocr_confidence)
        for p, role in zip(doc_pages, plan.roles, strict=True)
    ]
    fields: dict[str, FieldValue] = {}
    seen_empty: frozenset[str] = frozenset()
    if plan.form_type != "other":
        extraction = extract_document(plan.form_type, doc_pages, plan.roles, arrival.received_at)
        fields, seen_empty = extraction.fields, extraction.seen_empty
    patient_match, record = match_patient(fields, settings)
    draft = DocumentDraft(
        form_type=plan.form_type,
        form_type_confidence=form_type_confidence(plan, classes),
        fields=fields,
        pages=infos,
        source=source,
        patient_match=patient_match,
        matched_record=record,
        seen_empty=seen_empty,  # only where the reader saw the blank empty is an absence firm
        extra_reasons=list(notes),
    )
    decision = decide(draft, Thresholds(field=settings.field_threshold, form_type=settings.form_type_threshold,
                                        page=settings.page_threshold))
    return DocumentResult(
        document_id=write.document_id(arrival.path.name, arrival.sha256, doc_pages[0].number),
        source=source,
        pages=infos,
        form_type=plan.form_type,
        form_type_confidence=draft.form_type_confidence,
        fields=fields,
        patient_match=draft.patient_match,
        findings=decision.findings,
        validity=decision.validity,
        route=decision.route,
        review_reasons=decision.review_reasons,
        due_date=decision.due_date,
    )


def match_patient(fields: dict[str, FieldValue], settings: Settings) -> tuple[PatientMatch | None, PatientRecord | None]:
    """Look the patient up in the registry when one is configured (None, None when not)."""
    if not settings.registry_url:
        return None, None
    if "patient_name" not in fields:
        return PatientMatch(status=MatchStatus.NOT_CHECKED), None
    from pipeline.registry import match_record

    dob = fields.get("patient_dob")
    mrn = fields.get("mrn")
    return match_record(str(fields["patient_name"].value), str(dob.value) if dob else None,
                        str(mrn.value) if mrn else None, settings.registry_url)
