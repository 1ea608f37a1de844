"""A person's name read with a word of its caption, or a box's wall read as a letter, before it.

Seen on the training issuers' handwritten splits: "Print Mary Mitchell" (the caption "Print Name" above the
blank), "Primed Michelle Dixon" (a "Printed name of signer" caption inside the written line's crop), "A Jessica
N. Roach", "P Curtis Ruiz" (a wall or a tick read as a capital)."""

from __future__ import annotations

from pipeline.extract import Read, _caption_remnant_dropped


def _names(**values: tuple[str, float]) -> dict[str, Read]:
    return {f: Read(v, c, 1, [0.0, 0.0, 100.0, 20.0]) for f, (v, c) in values.items()}


def test_a_caption_word_or_a_lone_capital_before_a_common_name_is_dropped_unsure() -> None:
    reads = _names(signer_name=("Primed Michelle Dixon", 0.75), patient_name=("A Jessica N. Roach", 0.48),
                   guardian_name=("Print Mary Mitchell", 0.75))
    _caption_remnant_dropped(reads)
    assert {f: r.value for f, r in reads.items()} == {
        "signer_name": "Michelle Dixon", "patient_name": "Jessica N. Roach", "guardian_name": "Mary Mitchell"}
    assert all(r.confidence <= 0.6 and r.capped for r in reads.values())


def test_names_that_may_be_written_so_are_left_as_read() -> None:
    kept = {"patient_name": ("J. Robert Smith", 0.6),  # an initial with its stop
            "signer_name": ("Patel Heather Williams", 0.5),  # a listed name first: it may be the writer's
            "guardian_name": ("Print Xqzt", 0.5),  # nothing commonly borne left
            "proxy_name": ("Print Mary Mitchell", 0.9)}  # sure: its readers agreed on every word
    reads = _names(**kept)
    _caption_remnant_dropped(reads)
    assert {f: (r.value, r.confidence) for f, r in reads.items()} == kept
