"""The name lists mend handwritten names the networks nearly read right, and leave rare names alone."""

from __future__ import annotations

import itertools
import random

import numpy as np
import pytest

from bench.hand_lexicon import lines, unlisted
from pipeline import hand_read, hand_lexicon
from synth.fonts import debian_hands


def _brute_force(logp: np.ndarray, labels: list[int]) -> float:
    """log P(labels) by enumerating every path of the CTC lattice (tiny cases only)."""
    T, C = logp.shape
    total = -np.inf
    for path in itertools.product(range(C), repeat=T):
        out, prev = [], 0
        for k in path:
            if k != prev and k != 0:
                out.append(k)
            prev = k
        if out == labels:
            total = np.logaddexp(total, sum(logp[t, k] for t, k in enumerate(path)))
    return float(total)


@pytest.mark.parametrize("labels", [[1], [1, 2], [1, 1], [2, 1, 2], []])
def test_ctc_likelihood_sums_every_alignment(labels: list[int]) -> None:
    rng = np.random.default_rng(len(labels))
    x = rng.normal(size=(5, 3))
    logp = x - np.log(np.exp(x).sum(axis=1, keepdims=True))
    assert hand_lexicon.ctc_batch(logp, [labels])[0] == pytest.approx(_brute_force(logp, labels), abs=1e-9)


def test_a_batch_of_spellings_scores_as_each_alone() -> None:
    rng = np.random.default_rng(7)
    x = rng.normal(size=(6, 3))
    logp = x - np.log(np.exp(x).sum(axis=1, keepdims=True))
    batch = [[1], [1, 2], [], [2, 1, 2], [1, 1], [2, 2, 2, 2, 2, 2, 2]]  # the last is longer than the frames
    got = hand_lexicon.ctc_batch(logp, batch)
    for labels, g in zip(batch[:-1], got[:-1]):
        assert g == pytest.approx(_brute_force(logp, labels), abs=1e-9)
    assert got[-1] == -np.inf


def test_the_lists_hold_census_first_and_last_names() -> None:
    assert hand_lexicon.known("Yvonne") and hand_lexicon.known("GIBBS") and hand_lexicon.known("carlson")
    assert not hand_lexicon.known("Yonne") and not hand_lexicon.known("Gibls")
    assert "gibbs" in hand_lexicon.neighbours("Gibls")
    assert "yvonne" in hand_lexicon.neighbours("Yonne")


def test_of_many_equally_near_names_the_commonly_borne_are_asked() -> None:
    """250 listed names lie within two edits of "Hamis" (a pen's "rr" read "m"); the 25 asked were the
    alphabet's first, without "Harris", one of the commonest surnames. Equally near, the commoner come first."""
    near = hand_lexicon.neighbours("Hamis")
    assert "harris" in near and len(near) == hand_lexicon.MAX_CANDIDATES
    from rapidfuzz.distance import Levenshtein
    share = hand_lexicon.frequencies()
    two_off = [share.get(n, 0.0) for n in near if Levenshtein.distance(n, "hamis") == 2]
    assert two_off == sorted(two_off, reverse=True)
    assert hand_lexicon.neighbours("Gibls")[0] == "gibbs"  # the nearest still first


def _spelled(text: str, charset: str, sure: float, doubt: dict[int, tuple[str, float]]) -> np.ndarray:
    """Frames that spell ``text`` (a blank between letters); at letter i of ``doubt`` the network hesitates
    between its letter and another, with the other's probability given."""
    idx = {c: i + 1 for i, c in enumerate(charset)}
    rows = []
    for i, c in enumerate(text):
        row = np.full(len(charset) + 1, (1 - sure) / len(charset))
        row[idx[c]] = sure
        if i in doubt:
            alt, p = doubt[i]
            row[idx[c]], row[idx[alt]] = 1 - p - 0.01, p
        rows += [row, np.eye(len(charset) + 1)[0] * 0.98 + 0.02 / (len(charset) + 1)]
    return np.log(np.array(rows))


CHARSET = "".join(sorted(set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ .'-")))


def test_a_near_miss_is_mended_to_the_listed_name_the_network_also_saw() -> None:
    # the network read "Gibls" but gave the true "b" almost as much weight as the "l"
    logp = _spelled("Amanda Gibls", CHARSET, 0.97, {10: ("b", 0.4)})
    assert hand_lexicon.correct("Amanda Gibls", [logp], CHARSET) == "Amanda Gibbs"


def test_a_rare_name_read_surely_is_left_alone() -> None:
    logp = _spelled("Amanda Gibls", CHARSET, 0.99, {})
    assert hand_lexicon.correct("Amanda Gibls", [logp], CHARSET) == "Amanda Gibls"
    caps = _spelled("AMANDA GIBLS", CHARSET, 0.99, {})
    assert hand_lexicon.correct("AMANDA GIBLS", [caps], CHARSET) == "AMANDA GIBLS"


def test_a_rarely_borne_listed_name_yields_to_a_common_one_a_letter_away_the_network_also_saw() -> None:
    """"Wiliams" and "Kimbery" are on the Census lists, borne by hundreds of times fewer people than Williams
    and Kimberly: read so with the dropped letter nearly as likely, they are slips. Jenifer is borne by too
    many to be one, and a rare name read surely stays."""
    assert hand_lexicon.known("Wiliams") and "williams" in hand_lexicon._commoner("Wiliams")
    assert hand_lexicon._commoner("Jenifer") == [] and hand_lexicon._commoner("Williams") == []
    # another reader wrote "Wiliams" where the network's frames spell "Williams"
    frames = _spelled("Ann Williams", CHARSET, 0.97, {})
    assert hand_lexicon.correct("Ann Wiliams", [frames], CHARSET) == "Ann Williams"
    sure = _spelled("Ann Wiliams", CHARSET, 0.999, {})
    assert hand_lexicon.correct("Ann Wiliams", [sure], CHARSET) == "Ann Wiliams"


@pytest.mark.slow
def test_handwritten_names_read_better_with_the_lists_and_rare_ones_no_worse() -> None:
    """Names written in Debian's hands and faxed, as ``bench.hand_lexicon`` writes them (other seeds)."""
    hands = debian_hands()
    listed = lines(60, 93_000_000, hands)
    plain = [hand_read.read_candidates(img)[0] for img, _ in listed]
    mended = [hand_read.read_candidates(img, lexicon="name")[0] for img, _ in listed]
    right = lambda reads, data: sum(r[0] == t for r, (_, t) in zip(reads, data))  # noqa: E731
    assert right(mended, listed) >= right(plain, listed) + 2
    changed = [(p, m) for p, m in zip(plain, mended) if p[0] != m[0]]
    assert changed and all(m[1] <= hand_read.UNSTABLE_CAP for _, m in changed)  # a mended read is never sure
    rare = lines(60, 94_000_000, hands, rare="unlisted")
    assert right([hand_read.read_candidates(img, lexicon="name")[0] for img, _ in rare], rare) >= \
        right([hand_read.read_candidates(img)[0] for img, _ in rare], rare) - 2


def test_unlisted_makes_names_no_list_holds() -> None:
    rng = random.Random(5)
    for name in ("Amanda Gibbs", "Yvonne E. Jones", "Rhonda Brown-Jensen"):
        out = unlisted(rng, name)
        assert out != name and len(out) == len(name)


def test_email_spellings_put_back_a_dropped_dot_or_at_and_mend_the_domain() -> None:
    assert "adams.m14@comcast.net" in hand_lexicon.email_variants("adamsm14@comcast.net")
    assert "obrien.s47@gmail.com" in hand_lexicon.email_variants("obrien.s47gmail.com")  # the @ lost
    assert "jwarner@gmail.com" in hand_lexicon.email_variants("jwarner@gmali.com")
    assert "gray-west.k59@outlook.com" in hand_lexicon.email_variants("gray_west.k59@outlook.com")
    assert "ADAMS.M14@COMCAST.NET" in hand_lexicon.email_variants("ADAMSM14@COMCAST.NET")
    assert hand_lexicon.email_variants("a.b@example.org") == []  # nothing to mend: an unlisted domain stays


def test_an_organisations_word_may_be_english_or_a_name() -> None:
    assert "Services" in hand_lexicon._word_candidates("Sewices", "org")
    assert "Insurance" in hand_lexicon._word_candidates("Insurence", "org")
    assert hand_lexicon._word_candidates("Services", "org") == []  # an English word stays as it is
    assert "Services" not in hand_lexicon._word_candidates("Sewices", "name")  # a person's name is no English


def test_an_address_word_is_mended_to_a_street_word_or_a_state_code() -> None:
    assert "Suite" in hand_lexicon._word_candidates("Suile", "address")
    assert "View" in hand_lexicon._word_candidates("Vew", "address")
    assert "MN" in hand_lexicon._word_candidates("WN", "address")
    assert hand_lexicon._word_candidates("NV", "address") == []  # a state code is left as it is
    assert hand_lexicon._word_candidates("Suite", "address") == []
    logp = _spelled("802 Aaron Vew Apt. 215", CHARSET + "0123456789", 0.97, {})
    # the network wrote no "i": a near street word is not enough, the line must support it
    assert hand_lexicon.correct("802 Aaron Vew Apt. 215", [logp], CHARSET + "0123456789", "address") == \
        "802 Aaron Vew Apt. 215"


def test_a_town_name_is_mended_to_a_listed_name_and_a_place_ending_the_network_saw() -> None:
    assert "Jenniferhaven" in hand_lexicon._word_candidates("Jenniterhaven", "address")
    assert "Kevinborough" in hand_lexicon._word_candidates("Kevinborouh", "address")
    assert hand_lexicon._word_candidates("Kylemouth", "address") == []  # a name and an ending: a town as it is
    # a long ending read two letters off (a split's "Carlahavech"); a short one may be one off only
    assert "Carlahaven" in hand_lexicon._word_candidates("Carlahavech", "address")
    assert "Kyletown" not in hand_lexicon._word_candidates("Kyletawe", "address")
    charset = CHARSET + "0123456789,"
    line = "138 Luis Mission, South Jenniterhaven, MD 53304"
    hesitant = _spelled(line, charset, 0.97, {line.index("terh"): ("f", 0.4)})
    assert hand_lexicon.correct(line, [hesitant], charset, "address") == line.replace("Jenniter", "Jennifer")
    sure = _spelled(line, charset, 0.99, {})  # no "f" seen: the read stands
    assert hand_lexicon.correct(line, [sure], charset, "address") == line


def test_a_street_named_for_a_rarely_borne_name_yields_to_a_common_one_the_network_also_saw() -> None:
    """Streets and towns are named for people: "Loper" and "Saran" are listed, borne by a hundred times fewer
    people than Lopez and Sarah, so an address read with them is asked whether the commoner name fits."""
    assert "Lopez" in hand_lexicon._word_candidates("Loper", "address")
    assert "Sarah" in hand_lexicon._word_candidates("Saran", "address")
    assert hand_lexicon._word_candidates("Lopez", "address") == []
    charset = CHARSET + "0123456789,"
    line = "87549 Loper Mountains Suite 027, East Jacobberg, AR 15512"
    hesitant = _spelled(line, charset, 0.97, {line.index("r Mo"): ("z", 0.4)})
    assert hand_lexicon.correct(line, [hesitant], charset, "address") == line.replace("Loper", "Lopez")
    sure = _spelled(line, charset, 0.999, {})  # no "z" seen: a Loper Road is left as written
    assert hand_lexicon.correct(line, [sure], charset, "address") == line


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["email", "address", "org"])
def test_handwritten_emails_and_addresses_read_better_with_the_lists(kind: str) -> None:
    data = lines(50, 95_000_000, debian_hands(), kind=kind)
    plain = [hand_read.read_candidates(img)[0][0] for img, _ in data]
    mended = [hand_read.read_candidates(img, lexicon=kind)[0][0] for img, _ in data]
    right = lambda reads: sum(r == t for r, (_, t) in zip(reads, data))  # noqa: E731
    assert right(mended) >= right(plain) + 1
    assert not [1 for p, m, (_, t) in zip(plain, mended, data) if p == t != m]  # nothing read right is broken


def test_a_tesseract_misread_of_a_name_is_mended_by_what_the_networks_see_in_the_same_crop() -> None:
    """Both Tesseract reads said "ZAGHARY WAGNER" (they agree, 0.75); the hand networks, scoring the same
    crop, find the listed "ZACHARY" far likelier: the value is mended, and no longer as sure."""
    import datetime as dt

    from pipeline import extract
    from synth.lines import render_line

    img = render_line("ZACHARY WAGNER", random.Random(3), hands=debian_hands()[:1])
    env = extract.Env()
    region = (10, 20, 400, 60)
    env.ocr.hand_logps[(1, region)] = hand_read.read_lines(img)[1]
    recv = dt.datetime(2026, 3, 2, tzinfo=dt.timezone.utc)
    value, conf = extract._mended(env, 1, region, "name", "patient_name", "ZAGHARY WAGNER", 0.75, recv)
    assert (value, conf) == ("ZACHARY WAGNER", extract.LEXICON_MEND_CAP)
    assert extract._mended(env, 1, region, "name", "patient_name", "ZACHARY WAGNER", 0.75, recv) == \
        ("ZACHARY WAGNER", 0.75)
    # a recipient may be a person: mended from the same lists (and English words); free text is not
    assert extract._mended(env, 1, region, "name", "recipient_name", "ZAGHARY WAGNER", 0.75, recv)[0] == \
        "ZACHARY WAGNER"
    assert extract._mended(env, 1, region, "text", "purpose", "ZAGHARY WAGNER", 0.75, recv)[0] == "ZAGHARY WAGNER"


def test_a_month_misread_by_a_letter_is_the_month_the_network_saw() -> None:
    """"Mav 10, 1978" is one letter from May and from Mar, so the date normaliser cannot choose; the frames
    can. A month read right, or a word nowhere near a month, is left as read."""
    frames = _spelled("May 10, 1978", CHARSET + "0123456789,", 0.97, {})
    charset = CHARSET + "0123456789,"
    assert hand_lexicon.correct("Mav 10, 1978", [frames], charset, "date") == "May 10, 1978"
    assert hand_lexicon.correct("May 10, 1978", [frames], charset, "date") == "May 10, 1978"
    other = _spelled("Xqz 10, 1978", charset, 0.99, {})
    assert hand_lexicon.correct("Xqz 10, 1978", [other], charset, "date") == "Xqz 10, 1978"


def test_an_unsure_e_mail_is_spelled_with_its_owner_s_name_where_the_network_saw_it() -> None:
    """A dev photo's "donald38@hotmail.com" was read "dowald38": the patient's name, read in its own blank, is
    "DONALD C. KLEIN", and the network reading the address finds "donald38" likely; so with an "o" read as a
    zero ("kosari0") or a letter doubled ("willllams"). An initial before the surname ("rmartinez") is never
    dropped to match the name, and the mended address is never sure."""
    from pipeline import extract as E
    from pipeline.extract_ocr import _at

    charset = hand_read.charset()
    bbox = [100.0, 200.0, 400.0, 240.0]
    crop = tuple(int(v) + d for v, d in zip(bbox, (-6, -6, 6, 6)))
    for read, frames_spell, owner, want in [
        ("dowald38@hotmail.com", "donald38@hotmail.com", "DONALD C. KLEIN", "donald38@hotmail.com"),
        ("rmartinez@hotmail.com", "rmartinez@hotmail.com", "Richard G. Martinez", "rmartinez@hotmail.com"),
        ("pamela.kosari0@outlook.com", "pamela.rosario@outlook.com", "Pamela G. Rosario", "pamela.rosario@outlook.com"),
        ("jacqueline.willllams@hotmail.com", "jacqueline.williams@hotmail.com", "Jacqueline F. Williams",
         "jacqueline.williams@hotmail.com"),
    ]:
        env = E.Env()
        env.ocr.hand_logps[_at(1, crop)] = [[_spelled(frames_spell, charset, 0.97, {})]]
        reads = {"patient_email": E.Read(read, 0.46, 1, bbox, "blank", True),
                 "patient_name": E.Read(owner, 0.51, 1, [100.0, 100.0, 400.0, 140.0], "blank", True)}
        E._email_from_name(reads, env)
        assert reads["patient_email"].value == want
        assert reads["patient_email"].confidence <= E.LEXICON_MEND_CAP


def test_commonly_borne_names_leave_out_the_rare_listed_words_slips_land_on() -> None:
    assert hand_lexicon.commonly_borne("Maria T. Lopez") and hand_lexicon.commonly_borne("Shaun O'Brien")
    assert not hand_lexicon.commonly_borne("lan Lopez")  # listed, but 1 in 20,000: "Ian" misread
    assert not hand_lexicon.commonly_borne("Faul Wright")
    # "Hal" is a first name many bear and next to nobody's last: a surname read so is "Hall" with an l lost
    assert hand_lexicon.commonly_borne("Terry D. Hall") and not hand_lexicon.commonly_borne("Terry D. Hal")
    assert hand_lexicon.commonly_borne("Garcia, William E.")  # the surname before the comma
    assert not hand_lexicon.commonly_borne("Mxyzpt Lopez") and not hand_lexicon.commonly_borne("J. T.")


@pytest.mark.parametrize("patient,signer,conf,second_box,sure", [
    ("Maria T. Lopez", "Maria T. Lopez", 0.5, (100, 900, 600, 950), True),  # two blanks, common names
    ("lan Lopez", "lan Lopez", 0.5, (100, 900, 600, 950), False),  # a rare listed word: a shared slip
    ("Maria T. Lopez", "Maria T. Lopez", 0.4, (100, 900, 600, 950), False),  # neither read chosen surely enough
    ("Maria T. Lopez", "Maria Lopez", 0.6, (100, 900, 600, 950), False),  # they differ
    ("Mary-Ann Lopez", "Mary Ann Lopez", 0.6, (100, 900, 600, 950), False),  # in how they are written
    ("Terry D. Hal", "Terry D. Hal", 0.6, (100, 900, 600, 950), False),  # a common first name, nobody's surname
    ("Maria T. Lopez", "Maria T. Lopez", 0.6, (100, 200, 600, 250), False),  # one blank read twice
    ("Maria T. Lopez", "Maria T. Lopez", 0.6, None, False),  # the signer's blank named by a loosely read caption
])
def test_the_patient_and_signer_names_read_alike_by_hand_in_two_blanks_are_sure(patient, signer, conf, second_box,
                                                                                 sure) -> None:
    from pipeline.extract import CROSS_CONF, Read, _cross_check

    capped = second_box is None
    reads = {"patient_name": Read(patient, conf, 1, [100, 200, 600, 250], "blank", by_hand=True),
             "signer_name": Read(signer, 0.55, 1, list(second_box or (100, 900, 600, 950)), "blank", by_hand=True,
                                 capped=capped)}
    _cross_check([], reads)
    got = (reads["patient_name"].confidence, reads["signer_name"].confidence)
    assert got == ((CROSS_CONF, CROSS_CONF) if sure else (conf, 0.55))


def test_a_purpose_a_few_letters_off_a_listed_one_is_spelt_as_the_network_saw_it() -> None:
    """Tesseract read "condensation" (an English word, so no spelling list mends it); the networks' frames
    spell the listed purpose. A purpose no list holds, or a shorter one read surely, stays as read."""
    assert hand_lexicon.purpose_variants("School entailment") == ["School enrollment"]
    assert hand_lexicon.purpose_variants("LEGAL PROCEEDING $") == ["LEGAL PROCEEDINGS"]
    assert hand_lexicon.purpose_variants("To obtain a mortgage") == []
    frames = _spelled("Workers' compensation claim", CHARSET, 0.9, {})
    assert hand_lexicon.correct("Workers' condensation claim", [frames], CHARSET, "purpose") == \
        "Workers' compensation claim"
    sure = _spelled("Personal", CHARSET, 0.97, {})
    assert hand_lexicon.correct("Personal", [sure], CHARSET, "purpose") == "Personal"  # not "Personal use"
    mortgage = _spelled("To obtain a mortgage", CHARSET, 0.9, {})
    assert hand_lexicon.correct("To obtain a mortgage", [mortgage], CHARSET, "purpose") == "To obtain a mortgage"


def test_an_abbreviations_stop_the_reader_dropped_is_put_back_only_where_the_network_saw_it() -> None:
    charset = CHARSET + "0123456789,"
    seen = _spelled("12 Oak Row Apt. 4", charset, 0.6, {})
    assert hand_lexicon.correct("12 Oak Row Apt 4", [seen], charset, "address") == "12 Oak Row Apt. 4"
    none = _spelled("12 Oak Row Apt 4", charset, 0.97, {})
    assert hand_lexicon.correct("12 Oak Row Apt 4", [none], charset, "address") == "12 Oak Row Apt 4"
    assert hand_lexicon.correct("12 Oak Row Apt. 4", [seen], charset, "address") == "12 Oak Row Apt. 4"


def test_a_lone_stroke_before_a_word_is_the_pronoun_where_the_network_saw_an_i() -> None:
    """Tesseract made "J" and "V" of a written "I"; the networks' frames spell "I". A "V" they are sure of
    stays ("Type V"), and a digit is never touched."""
    frames = _spelled("Note says I refused it", CHARSET, 0.9, {})
    assert hand_lexicon.correct("Note says V refused it", [frames], CHARSET, "prose") == "Note says I refused it"
    frames = _spelled("I was never seen", CHARSET, 0.9, {})
    assert hand_lexicon.correct("J was never seen", [frames], CHARSET, "prose") == "I was never seen"
    sure = _spelled("Type V allergy", CHARSET, 0.99, {})
    assert hand_lexicon.correct("Type V allergy", [sure], CHARSET, "prose") == "Type V allergy"
    assert not hand_lexicon.LONE_STROKE.search("1 tablet daily")


def test_a_word_of_a_patients_sentence_no_english_list_holds_is_the_nearest_word_the_networks_saw() -> None:
    """A dev fax's "REMOVE WARFARIN FROM MY MEDICATION LST": "LST" is no English word and lies a letter from
    "LIST", "LAST", "LOST"; the frames choose. A medicine no list holds, read surely, is left as written, and
    so is an English word read wrong ("Tidal" for "I had": no list can tell)."""
    frames = _spelled("REMOVE WARFARIN FROM MY MEDICATION LIST", CHARSET, 0.9, {35: ("S", 0.45)})
    assert hand_lexicon.correct("REMOVE WARFARIN FROM MY MEDICATION LST", [frames], CHARSET, "prose") == \
        "REMOVE WARFARIN FROM MY MEDICATION LIST"
    sure = _spelled("I never took lisinopril", CHARSET, 0.99, {})
    assert hand_lexicon.correct("I never took lisinopril", [sure], CHARSET, "prose") == "I never took lisinopril"
    frames = _spelled("Add that I had it", CHARSET, 0.9, {})
    assert hand_lexicon.correct("Add that Tidal it", [frames], CHARSET, "prose") == "Add that Tidal it"


def _letterhead_page(line: str, step: int, width: int):
    """A form page whose only print is ``line``, one word every ``step`` pixels along its top."""
    from pipeline import extract as E
    from pipeline.pages import Page, Word

    head = [Word(t, 0.95, (100 + step * i, 40, 100 + step * i + step - 20, 70), line_key=(1, 1, 1))
            for i, t in enumerate(line.split())]
    return E._page_ctx(Page(number=1, image=np.full((2200, width), 255, np.uint8), dpi=200.0, words=head,
                            ocr_confidence=0.9), 0)


def test_an_unsure_disclosing_party_is_spelled_as_the_letterhead_where_the_network_saw_it() -> None:
    """Who may disclose is most often the provider printed at the head of the form. A read a few letters off
    the letterhead's line, whose frames spell that line (in the writer's own letter case), takes its spelling,
    never surely; a read the frames spell as written, or one far from every letterhead line, stays."""
    from pipeline import extract as E
    from pipeline.extract_ocr import _at

    charset = hand_read.charset()
    ctx = _letterhead_page("RIVERBEND BEHAVIORAL & FAMILY MEDICINE", 220, 1700)
    bbox = [100.0, 800.0, 700.0, 840.0]
    crop = tuple(int(v) + d for v, d in zip(bbox, (-6, -6, 6, 6)))
    for read, frames_spell, want in [
        ("Riverbend Behavioral Family medicine", "Riverbend Behavioral & Family medicine",
         "Riverbend Behavioral & Family medicine"),
        ("Riverbend Family Clinic", "Riverbend Family Clinic", "Riverbend Family Clinic"),
        ("Summit Law Group", "Summit Law Group", "Summit Law Group"),
    ]:
        env = E.Env()
        env.ocr.hand_logps[_at(1, crop)] = [[_spelled(frames_spell, charset, 0.9, {})]]
        reads = {"disclosing_party": E.Read(read, 0.48, 1, bbox, "over_line", True)}
        E._party_from_letterhead([ctx], reads, env)
        assert reads["disclosing_party"].value == want
        assert reads["disclosing_party"].confidence <= E.LEXICON_MEND_CAP


def test_a_name_written_twice_takes_the_listed_spelling_of_a_word_its_two_reads_disagree_on() -> None:
    """A patient signing for themself prints their name twice; one blank was read "Yonne E. Jones", the other
    "YVONNE E. JONES". "Yonne" is on no list and a letter from the listed "Yvonne": it is the misreading. Both
    reads take the listed spelling in their own case, never surely; a sure read is never changed, and two
    listed names (a parent and child, "Maria" and "Mario") or words far apart are left as read."""
    from pipeline.extract import LEXICON_MEND_CAP, Read, _name_written_twice

    assert hand_lexicon.listed_twice("Maria Lopez", "Mario Lopez") == ("Maria Lopez", "Mario Lopez")
    assert hand_lexicon.listed_twice("Ann Qxzlee", "Ann Lee") == ("Ann Qxzlee", "Ann Lee")
    assert hand_lexicon.listed_twice("Gabriel P. Stanton", "Jabriel P. Stanton") == \
        ("Gabriel P. Stanton", "Gabriel P. Stanton")
    reads = {"patient_name": Read("Yonne E. Jones", 0.48, 1, [100, 200, 600, 250], "cell", True),
             "signer_name": Read("YVONNE E. JONES", 0.9, 1, [100, 900, 600, 950], "cell", True)}
    _name_written_twice(reads)
    assert reads["patient_name"].value == "Yvonne E. Jones" and reads["patient_name"].capped
    assert reads["patient_name"].confidence <= LEXICON_MEND_CAP
    assert reads["signer_name"].value == "YVONNE E. JONES" and reads["signer_name"].confidence == 0.9
    sure = {"patient_name": Read("Yonne E. Jones", 0.9, 1, [100, 200, 600, 250], "cell"),
            "signer_name": Read("Yvonne E. Jones", 0.5, 1, [100, 900, 600, 950], "cell", True)}
    _name_written_twice(sure)
    assert sure["patient_name"].value == "Yonne E. Jones"  # a sure read stays as read


def test_a_word_no_list_holds_takes_the_listed_spelling_another_reader_wrote() -> None:
    tess = ["GO% facon View et 215, Cheistinahaven, OC 13236", "GO Kacon View Bet. 215, Cheistinahaven. Oe 13236"]
    # the network dropped the thin "i" of "View"; Tesseract kept it while garbling the rest
    assert hand_lexicon.borrow_listed("802 Aaron Vew Apt. 215, Christinahaven, SC 13236", tess, "address") == \
        "802 Aaron View Apt. 215, Christinahaven, SC 13236"
    assert hand_lexicon.borrow_listed("LAINRENCE BATES", ["LAWRENCE BATES"], "name") == "LAWRENCE BATES"
    assert hand_lexicon.borrow_listed("Mayille, SD", ["Mayville, SD"], "address") == "Mayville, SD"  # a town


def test_a_listed_word_or_a_far_one_is_not_borrowed() -> None:
    # every word listed: the reads disagree on which listed name it is, which no list can settle
    assert hand_lexicon.borrow_listed("Mario Ramp", ["Marie Ramp"], "address") == "Mario Ramp"
    assert hand_lexicon.borrow_listed("Qxzwy Lane", ["Quincy Lane"], "address") == "Qxzwy Lane"  # three edits
    # a listed word the read begins with: the rest is an initial run into it, not a slip
    assert hand_lexicon.borrow_listed("DANIELW BRYAN", ["DANIEL BRYAN"], "name") == "DANIELW BRYAN"
    # two listed words equally near, each read once: no choice
    assert hand_lexicon.borrow_listed("Jonet", ["Janet Jones"], "name") == "Jonet"
    # an English word is an organisation's, not a person's
    assert hand_lexicon.borrow_listed("Senvices", ["Services"], "name") == "Senvices"
    assert hand_lexicon.borrow_listed("Senvices", ["Services"], "org") == "Services"


def test_a_rarely_borne_name_yields_to_a_common_one_another_reader_or_blank_spelt() -> None:
    """"Kimbery" and "Yuonne" are on the Census lists, borne by one in 50,000 or fewer: read where another
    reader of the same ink wrote "Kimberly", or the other blank holds "Yvonne", they are that reader's slip."""
    assert hand_lexicon.borrow_listed("Kimbery H. Schmidt", ["Kimberly H Schmidt"], "name") == "Kimberly H. Schmidt"
    assert hand_lexicon.listed_twice("Yvonne E. Jones", "Yuonne E. Jones") == ("Yvonne E. Jones",) * 2
    # two commonly borne names a letter apart: no list can say which was written
    assert hand_lexicon.borrow_listed("Mark Smith", ["Mary Smith"], "name") == "Mark Smith"
    assert hand_lexicon.listed_twice("Mark Smith", "Mary Smith") == ("Mark Smith", "Mary Smith")
    assert hand_lexicon.listed_twice("Neuman", "Newman") == ("Neuman", "Newman")  # both borne by many


def test_an_email_borrows_a_name_another_reader_spelt_in_the_part_before_the_at() -> None:
    import datetime as dt

    from pipeline.extract import _borrowed

    when = dt.datetime(2026, 3, 2, tzinfo=dt.timezone.utc)
    reads = ["michael.fisher@hotmail.com", "michaelfisher@hotmail.com", "michael.fsher@hotmail.com"]
    assert _borrowed("email", "patient_email", "michael.fsher@hotmail.com", reads, when) == \
        "michael.fisher@hotmail.com"
    # the domain is not a name: a reader's other domain is not borrowed from the name lists
    assert _borrowed("email", "patient_email", "mfisher@hotmall.com", ["mfisher@hotmail.com"], when) is None


def test_a_relationship_a_few_letters_off_a_listed_one_is_spelt_as_the_network_saw_it() -> None:
    """"Mather", "Parmer", "Fainer": a guardian's or proxy's relationship, a representative's authority, read
    a letter or two off (seed-11500 split, held-out hands). Who a person is to the patient is a short list."""
    assert "Mother" in hand_lexicon.phrase_variants("Mather", hand_lexicon.RELATIONS)
    assert hand_lexicon.phrase_variants("EXEATOR OF ESTATE", hand_lexicon.RELATIONS) == ["EXECUTOR OF ESTATE"]
    # "Health care" for "Healthcare" is no slip: both are written, and the networks hardly see a space
    assert hand_lexicon.phrase_variants("Healthcare power of attorney", hand_lexicon.RELATIONS) == []
    frames = _spelled("Partner", CHARSET, 0.9, {})
    assert hand_lexicon.correct("Parmer", [frames], CHARSET, "relation") == "Partner"
    sure = _spelled("Case manager", CHARSET, 0.97, {})  # no listed wording near: left as read
    assert hand_lexicon.correct("Case manager", [sure], CHARSET, "relation") == "Case manager"


def test_an_e_mail_with_both_of_its_owner_s_names_misread_is_spelled_with_both() -> None:
    """A split's "charles_smith@gmail.com" was read "challes_jmith": one name mended at a time, the networks
    found "challes_smith" likelier than "charles_smith" and the address kept a name its owner does not bear.
    Each spelling is mended again, and of the spellings the networks find nearly as likely as the read, the one
    spelling more of the owner's names whole is taken (never sure)."""
    from pipeline import extract as E
    from pipeline.extract_ocr import _at

    charset = hand_read.charset()
    bbox = [100.0, 200.0, 400.0, 240.0]
    crop = tuple(int(v) + d for v, d in zip(bbox, (-6, -6, 6, 6)))
    env = E.Env()
    # the network hesitates between the read letter and the name's at both slips, leaning to the read
    frames = _spelled("challes_jmith@gmail.com", charset, 0.97, {3: ("r", 0.45), 8: ("s", 0.45)})
    env.ocr.hand_logps[_at(1, crop)] = [[frames]]
    reads = {"patient_email": E.Read("challes_jmith@gmail.com", 0.43, 1, bbox, "blank", True),
             "patient_name": E.Read("Charles Smith", 0.9, 1, [100.0, 100.0, 400.0, 140.0], "blank", True)}
    E._email_from_name(reads, env)
    assert reads["patient_email"].value == "charles_smith@gmail.com"
    assert reads["patient_email"].confidence <= E.LEXICON_MEND_CAP
    # a spelling the networks do not support is not taken for holding the names
    env = E.Env()
    env.ocr.hand_logps[_at(1, crop)] = [[_spelled("chalky_jmith@gmail.com", charset, 0.99, {})]]
    reads["patient_email"] = E.Read("chalky_jmith@gmail.com", 0.43, 1, bbox, "blank", True)
    E._email_from_name(reads, env)
    assert reads["patient_email"].value == "chalky_jmith@gmail.com"


def test_the_provider_s_name_is_taken_from_a_letterhead_line_holding_more_print() -> None:
    """A split's letterhead line read "@ Sagebrush Pediatrics & Family Care snd gen Ta Sata": a logo's glyph
    before the provider's name and the address block beside it on the same line. The whole line is far from
    the written "Sagebrush Pediatrcs & Family Care"; the run of its words that spells the name is not."""
    from pipeline import extract as E
    from pipeline.extract_ocr import _at

    charset = hand_read.charset()
    ctx = _letterhead_page("@ Riverbend Behavioral & Family Medicine 12 Main St Logan UT", 160, 2400)
    bbox = [100.0, 800.0, 700.0, 840.0]
    crop = tuple(int(v) + d for v, d in zip(bbox, (-6, -6, 6, 6)))
    env = E.Env()
    env.ocr.hand_logps[_at(1, crop)] = [[_spelled("Riverbend Behavioral & Family Medicine", charset, 0.9, {})]]
    reads = {"disclosing_party": E.Read("Riverbend Behavioal & Family Medicine", 0.48, 1, bbox, "over_line", True)}
    E._party_from_letterhead([ctx], reads, env)
    assert reads["disclosing_party"].value == "Riverbend Behavioral & Family Medicine"
    assert reads["disclosing_party"].confidence <= E.LEXICON_MEND_CAP
