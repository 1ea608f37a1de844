"""Explain one result JSON in words: findings, citations, and why this route.

Reads only the result (not the pipeline state), so a reviewer can explain any
result file, even one written by an older run. Field values are not printed:
the explanation is about rules, not about the patient.
"""

from __future__ import annotations

from typing import Any

from pipeline.rule_table import ORDER, RULES

_SEV_ORDER = {"error": 0, "warning": 1, "info": 2}


def _finding_lines(f: dict[str, Any]) -> list[str]:
    code = str(f.get("code", "?"))
    spec = RULES.get(code)
    sev = str(f.get("severity", "?"))
    tag = sev.upper()
    if spec is not None and spec.undecided and sev == "warning":
        tag = "WARNING (cannot decide)"
    head = f"  {tag:<8} {code}"
    if f.get("field"):
        head += f"  [field: {f['field']}]"
    lines = [head, f"           {f.get('message', '')}"]
    if spec is not None:
        lines.append(f"           Rule: {spec.requirement}")
    citation = f.get("citation") or (spec.citation if spec else None)
    if citation:
        note = "" if spec is None or spec.verified else " (not fully verified)"
        lines.append(f"           Citation: {citation}{note}")
    return lines


def _validity_why(result: dict[str, Any], findings: list[dict[str, Any]]) -> str:
    validity = result.get("validity")
    errors = [f["code"] for f in findings if f.get("severity") == "error"]
    undecided = [f["code"] for f in findings
                 if f.get("severity") == "warning" and (s := RULES.get(f.get("code", "")))
                 and s.undecided]
    if validity == "invalid":
        return ("invalid: at least one required element fails on fields read with confidence "
                f"(errors: {', '.join(dict.fromkeys(errors))}).")
    if validity == "unknown":
        parts = []
        if result.get("route") == "quarantine":
            parts.append("the file could not be processed")
        if result.get("form_type") == "other":
            parts.append("the document is not a recognised form")
        if errors:
            parts.append("an error rests on fields that were not read with confidence "
                         f"({', '.join(dict.fromkeys(errors))})")
        if undecided:
            parts.append(f"some rules cannot decide ({', '.join(dict.fromkeys(undecided))})")
        return "unknown: " + ("; ".join(parts) if parts else "the rules could not decide") + "."
    return "valid: every rule that applies passed."


def _route_why(result: dict[str, Any], findings: list[dict[str, Any]]) -> list[str]:
    route = result.get("route")
    if route == "quarantine":
        error = result.get("error", "no reason given")
        return [f"quarantine: the file could not be processed ({error})."]
    if route == "auto":
        return ["auto: the document is valid, its form type was read with confidence, and no "
                "error or warning was found. Info notes never block auto."]
    why = ["review: a person must look, because:"]
    if result.get("validity") != "valid":
        why.append(f"  - validity is {result.get('validity')}, and only valid documents go auto")
    blocking = [f for f in findings if f.get("severity") in ("error", "warning")]
    if blocking:
        codes = ", ".join(dict.fromkeys(f["code"] for f in blocking))
        why.append(f"  - there are error or warning findings ({codes})")
    for reason in result.get("review_reasons", []):
        why.append(f"  - {reason}")
    return why


def explain(result_json: dict[str, Any]) -> str:
    """A plain-text explanation of one result (``him-intake explain RESULT.json``)."""
    r = result_json
    findings = sorted(
        (f for f in r.get("findings", []) if isinstance(f, dict)),
        key=lambda f: (_SEV_ORDER.get(f.get("severity", ""), 3), ORDER.get(f.get("code", ""), 999)),
    )
    src = r.get("source", {}) or {}
    lines = [
        f"Document {r.get('document_id', '?')} from {src.get('file', '?')} "
        f"({src.get('channel', '?')})",
        f"Form type: {r.get('form_type', '?')} (confidence {r.get('form_type_confidence', '?')})",
        f"Validity: {r.get('validity', '?')}    Route: {r.get('route', '?')}"
        + (f"    Due: {r['due_date']}" if r.get("due_date") else ""),
    ]
    pm = r.get("patient_match")
    if isinstance(pm, dict):
        lines.append(f"Patient match: {pm.get('status', '?')}")
    lines.append("")
    if findings:
        lines.append(f"Findings ({len(findings)}):")
        for f in findings:
            lines.extend(_finding_lines(f))
    else:
        lines.append("Findings: none (every rule that applies passed).")
    lines += ["", "Why this validity:", "  " + _validity_why(r, findings), "",
              "Why this route:"]
    lines += ["  " + line if not line.startswith("  ") else "  " + line
              for line in _route_why(r, findings)]
    return "\n".join(lines)
