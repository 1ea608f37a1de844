"""Synthetic filled request forms and the inbox files they arrive as, with truth.

Seeded and reproducible; used by tests, ``sample_inbox/`` and training data
for the classifier and field extractor. Templates and issuers are our own
(fictional); nothing is copied from dev data or real forms.

Stable API
----------
``synth.render.render_document(form_type, *, seed, issuer=None, fill="handwritten", violations=(),
received_at=None, template=None, issuers=None) -> RenderedDocument``
    One document. ``form_type`` is a forms.md label, including ``"other"`` (letters, subpoenas,
    record pages, junk faxes). ``RenderedDocument`` has ``.pages`` (PIL 'L' images, 300 dpi,
    upright, clean), ``.page_roles``, ``.form_type``, ``.issuer`` (name or None), ``.template``,
    ``.fill``, ``.fields`` (truth, forms.md normal forms; fields not written are absent),
    ``.field_boxes`` (field -> (page index, (x0, y0, x1, y1)) in 300-dpi pixels of where the
    value was written), ``.violations`` (rule codes planted), ``.violation_kinds``,
    ``.received_at``.

``synth.render.render_page(kind, *, seed, ...) -> RenderedDocument``
    Non-form pages: ``cover_sheet``, ``id_copy``, ``power_of_attorney``, ``court_order``,
    ``intro_letter``, ``blank`` (page roles cover_sheet / attachment / blank).

``synth.templates.ISSUERS`` (issuer keys), ``synth.templates.TEMPLATES`` (form type ->
template names ``issuer.form_type``), ``synth.templates.templates_for(form_type, issuers)``.
Hold issuers out of training by passing ``issuers=`` to ``render_document``/``make_inbox``.

``synth.violations.KINDS`` / ``applicable(form_type)``: plantable violations (kind -> rule code).

``synth.truth_rules.judge(form_type, fields, received_at, channel, page_roles) -> dict``
    Expected findings / validity / route from truth fields (rules.md, no registry).

``synth.inbox.make_inbox(out_dir, *, n, seed, issuers=None, truth_path=None) -> Path``
    Writes ``n`` inbox files (+ sidecars for most) into ``out_dir`` and the truth JSON
    (score.py format) at ``truth_path`` or ``out_dir.parent / (out_dir.name + ".truth.json")``;
    returns the truth path.

``synth.degrade``: ``to_fax``, ``to_scan``, ``to_photo`` page degradations; ``synth.writers``:
TIFF G3/G4, image PDFs, born-digital PDFs (text layer) and bad files.

CLI
---
``python -m synth make-inbox --out DIR --n N --seed S [--issuers a,b] [--truth PATH]``
``python -m synth sample-inbox``  (writes sample_inbox/ and tests/resources/sample_inbox.truth.json)
``python -m synth render FORM_TYPE --seed S --out page.png``
"""

from __future__ import annotations
