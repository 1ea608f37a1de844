"""The rules alone, on a truth file's own fields: do validity, route and findings agree?

Separates the judgement from the reading: every truth field is given with
confidence 1.0 and the form type as labelled, so any disagreement is the
rules' (or the truth's), never the reader's.

    .venv/bin/python -m bench.rules_on_truth --truth ../shared/data/dev/truth.json
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import typer

from pipeline.result import FieldValue, PageInfo, Source
from pipeline.route import DocumentDraft, decide

app = typer.Typer()


@app.command()
def main(truth: Path, own_template: bool = True) -> None:
    data = json.loads(truth.read_text(encoding="utf-8"))
    docs = validity_ok = route_ok = findings_ok = 0
    diffs: Counter[str] = Counter()
    for f in data["files"]:
        for d in f.get("documents", []):
            if "expected_findings" not in d:
                continue
            draft = DocumentDraft(
                form_type=d["form_type"], form_type_confidence=1.0,
                fields={k: FieldValue(value=v, confidence=1.0, page=d["pages"][0]) for k, v in d["fields"].items()},
                pages=[PageInfo(number=n, role=r, ocr_confidence=1.0) for n, r in zip(d["pages"], d["page_roles"])],
                source=Source(file=f["file"], sha256="0" * 64, received_at=f["received_at"], channel=f["channel"]),
                own_template=own_template,
            )
            got = decide(draft)
            docs += 1
            validity_ok += got.validity == d["validity"]
            route_ok += got.route == d["expected_route"]
            want = {c: s for c, s in d["expected_findings"].items()}
            have = {x.code: x.severity for x in got.findings}
            extra = {c for c in have if c not in want and have[c] != "info"}
            missing = {c for c in want if c not in have and want[c] != "info"}
            findings_ok += not extra and not missing
            diffs.update([f"extra {c}" for c in extra] + [f"missing {c}" for c in missing])
    print(f"documents {docs}: validity {validity_ok}/{docs}, route {route_ok}/{docs}, "
          f"error+warning findings exact {findings_ok}/{docs}")
    for k, v in diffs.most_common(10):
        print(f"  {v:3d}  {k}")


if __name__ == "__main__":
    app()
