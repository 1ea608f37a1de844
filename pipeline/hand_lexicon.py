"""Words people write in a field (names, street words, mail domains), and which of them a handwriting
network's output supports best.

A handwritten name the reader gets one letter wrong ("Yonne" for "Yvonne", "Gibls" for "Gibbs") is a
different name. The network's per-frame letter probabilities usually still favour the right spelling over
its neighbours once it is among the candidates: so for each word of a name that is no known first or last
name, the known names within two edits are scored under the network (the CTC probability of the whole line
with that word in place, summed over every alignment), and the best replaces it when the network finds it
nearly as likely as what it read. A name no list knows keeps its spelling unless the network itself favours
a listed one.

The lists are the US Census Bureau's 1990 first and last names (``names`` package, public domain data):
5,494 first names and 88,799 last names, far more than any form generator or register uses. An address
also knows the USPS street suffixes and unit words and the state codes; an e-mail address, the common
mail domains and the dot people put between the parts of a name (a pen's dot the networks often drop).
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from pipeline import spelling

MARGIN = 3.0
"""Natural-log units: a listed name replaces the read when the networks find it at most this much less likely
than the read itself (e^-3: a twentieth as likely). Set on lines in the training hands, checked on hands
no network saw (``bench.hand_lexicon``)."""
MIN_LEN = 3
"""Shorter words (initials, "Jo") have too many neighbours to choose among."""
MAX_CANDIDATES = 25


@lru_cache(maxsize=1)
def lexicon() -> tuple[frozenset[str], tuple[str, ...]]:
    """(every listed name, lower-case; the same as a tuple for nearest-neighbour search)."""
    names = frequencies()
    return frozenset(names), tuple(sorted(names))


@lru_cache(maxsize=1)
def frequencies() -> dict[str, float]:
    """Listed name (lower-case) -> the share of people who bear it, in percent (its most common use)."""
    return _shares(("dist.female.first", "dist.male.first", "dist.all.last"))


@lru_cache(maxsize=1)
def surname_frequencies() -> dict[str, float]:
    """Listed last name (lower-case) -> the share of people who bear it, in percent."""
    return _shares(("dist.all.last",))


def _shares(files: tuple[str, ...]) -> dict[str, float]:
    out: dict[str, float] = {}
    for f in files:
        for line in resources.files("names").joinpath(f).read_text().splitlines():
            parts = line.split()
            if len(parts) >= 2:
                w = parts[0].lower()
                out[w] = max(out.get(w, 0.0), float(parts[1]))
    return out


def known(word: str) -> bool:
    return word.lower() in lexicon()[0]


def edits(word: str) -> int:
    """How many edits from ``word`` a listed spelling may be: one for words up to 4 letters, else two."""
    return 1 if len(word) <= 4 else 2


RARE = 0.01
"""Percent of people: a listed name borne by fewer (1 in 10,000) is more often a slip for a common one a
letter away ("Wiliams", "Kimbery" are both on the Census lists) than the name of the writer."""
COMMONER = 20.0
"""How many times more people the name a letter away must bear to be considered instead of a rare one."""


def _commoner(word: str) -> list[str]:
    """Listed names one edit from a rarely borne listed ``word`` that far more people bear."""
    w = word.lower()
    if frequencies().get(w, 0.0) >= RARE:
        return []
    return [n for n in neighbours(w) if Levenshtein.distance(n, w) == 1 and _far_commoner(n, w)]


def _far_commoner(name: str, than: str) -> bool:
    """Whether COMMONER times as many people bear ``name`` as ``than`` (both lower-case; one in 100,000 at
    least counted for ``than``, so a name no list holds yields only to one 1 in 5,000 bear)."""
    freq = frequencies()
    return freq.get(name, 0.0) >= COMMONER * max(freq.get(than, 0.0), 0.001)


def commonly_borne(name: str) -> bool:
    """Whether every word of ``name`` of three letters or more is a listed name at least RARE of people bear,
    its surname (the last word, or the first before a comma) as a last name: what a reader's slip rarely lands
    on ("lan" for "Ian", "Faul" for "Paul" are listed, and rare; "Hal" for "Hall" is a common first name and
    next to nobody's last)."""
    flat = name.replace("'", "").lower()
    words = [w for w in re.findall(r"[a-z]+", flat) if len(w) >= MIN_LEN]
    freq = frequencies()
    if not words or not all(freq.get(w, 0.0) >= RARE for w in words):
        return False
    before_comma = re.match(r"\s*([a-z]+)\s*,", flat)
    surname = before_comma.group(1) if before_comma else re.findall(r"[a-z]+", flat)[-1]
    return len(surname) < MIN_LEN or surname_frequencies().get(surname, 0.0) >= RARE


def neighbours(word: str) -> list[str]:
    """Listed names within one edit (words up to 4 letters) or two, lower-case, nearest first and, equally near,
    the most commonly borne first: the MAX_CANDIDATES kept are not the alphabet's first ("hamis" has 250
    names within two edits; "harris", which a pen's "rri" read as "m" gives, is among the commonest)."""
    _, ordered = lexicon()
    w = word.lower()
    hits = process.extract(w, ordered, scorer=Levenshtein.distance, score_cutoff=edits(w), limit=None)
    freq = frequencies()
    ranked = sorted(hits, key=lambda h: (h[1], -freq.get(h[0], 0.0), h[0]))
    return [h[0] for h in ranked if h[0] != w][:MAX_CANDIDATES]


def ctc_batch(logp: np.ndarray, batch: list[list[int]]) -> np.ndarray:
    """log P(labels | logp) under CTC with blank 0, summed over all alignments (the forward algorithm), for
    each label sequence of ``batch``: one pass over the frames for all of them."""
    T = logp.shape[0]
    K = len(batch)
    S = 2 * max((len(b) for b in batch), default=0) + 1
    ext = np.zeros((K, S), dtype=np.int64)
    skip = np.zeros((K, S), dtype=bool)
    ends = np.zeros(K, dtype=np.int64)
    for k, labels in enumerate(batch):
        n = 2 * len(labels) + 1
        ext[k, 1:n:2] = labels
        if len(labels) > 1:
            skip[k, 3:n:2] = ext[k, 3:n:2] != ext[k, 1:n - 2:2]
        ends[k] = n - 1
    alpha = np.full((K, S), -np.inf)
    alpha[:, 0] = logp[0, 0]
    if S > 1:
        alpha[:, 1] = logp[0, ext[:, 1]]
        alpha[ends == 0, 1] = -np.inf  # an empty sequence has no label state
    neg1 = np.full((K, 1), -np.inf)
    neg2 = np.full((K, 2), -np.inf)
    for t in range(1, T):
        a2 = np.concatenate([neg1, alpha[:, :-1]], axis=1)
        a3 = np.where(skip, np.concatenate([neg2, alpha[:, :-2]], axis=1), -np.inf)
        alpha = np.logaddexp(np.logaddexp(alpha, a2), a3) + logp[t][ext]
    rows = np.arange(K)
    last = alpha[rows, ends]
    before = np.where(ends > 0, alpha[rows, np.maximum(ends - 1, 0)], -np.inf)
    out = np.logaddexp(last, before)
    too_short = np.array([len(b) > T for b in batch])
    out[too_short] = -np.inf
    return out


def _in_case_of(name: str, like: str) -> str:
    if like.isupper():
        return name.upper()
    if like[0].isupper():
        return name.capitalize()
    return name


STREET_WORDS = frozenset("""
alley annex arcade avenue bayou beach bend bluff bluffs bottom boulevard branch bridge brook brooks burg burgs
bypass camp canyon cape causeway center centers circle circles cliff cliffs club common commons corner corners
course court courts cove coves creek crescent crest crossing crossroad curve dale dam divide drive drives estate
estates expressway extension extensions falls ferry field fields flat flats ford fords forest forge forges fork
forks fort freeway garden gardens gateway glen glens green greens grove groves harbor harbors haven heights
highway hill hills hollow inlet island islands isle junction junctions key keys knoll knolls lake lakes land
landing lane light lights loaf lock locks lodge loop mall manor manors meadow meadows mews mill mills mission
motorway mount mountain mountains neck orchard oval overpass park parks parkway parkways pass passage path pike
pine pines place plain plains plaza point points port ports prairie radial ramp ranch rapid rapids rest ridge
ridges river road roads route row rue run shoal shoals shore shores skyway spring springs spur spurs square
squares station stravenue stream street streets summit terrace throughway trace track trafficway trail trailer
tunnel turnpike underpass union unions valley valleys viaduct view views village villages ville vista walk walks
wall way ways well wells
apartment apt suite ste unit floor room building bldg lot box
north south east west northeast northwest southeast southwest new old lake mount saint port fort
""".split())
"""USPS street suffixes (Publication 28, appendix C1), unit designators and the words towns begin with."""
STATES = frozenset("""AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM
NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR GU VI AS MP""".split())
MAIL_DOMAINS = ("gmail.com", "yahoo.com", "hotmail.com", "outlook.com", "icloud.com", "aol.com", "comcast.net",
                "msn.com", "live.com", "me.com", "att.net", "verizon.net", "sbcglobal.net", "proton.me",
                "protonmail.com", "ymail.com", "cox.net", "charter.net", "bellsouth.net", "earthlink.net")
"""The mail domains most US patients write (a domain not listed is kept as read)."""
LONE_STROKE = re.compile(r"(?<!\S)[JTVl|\\/](?=\s+[A-Za-z])")
"""A one-stroke letter standing alone before a word in a sentence: the pronoun "I" misread ("J was never
prescribed", "Note says V refused"). Digits are left alone ("1 tablet")."""
ABBREVIATED = frozenset("apt ste bldg ave blvd rd dr ln ct st pl cir pkwy hwy ft mt".split())
"""Address words often written cut short with a stop ("Apt.", "Ste.", "Blvd."), which a reader may drop."""
PURPOSES = (
    "At the request of the individual", "At the request of the patient", "At my request", "Personal use",
    "Personal records", "My own records", "Continuity of care", "Continuing care", "Continuing medical care",
    "Coordination of care", "Coordination of care with new provider", "Transfer of care", "Treatment",
    "Second opinion", "Referral", "Legal", "Legal proceedings", "Legal purposes", "Litigation",
    "Attorney review", "Court order", "Insurance", "Insurance claim", "Insurance purposes",
    "Life insurance application", "Disability", "Disability claim", "Disability determination",
    "Disability insurance", "Social Security disability", "Social Security disability claim",
    "Workers' compensation", "Workers' compensation claim", "School", "School enrollment", "School records",
    "Employment", "Employment physical", "Pre-employment physical", "Military service", "Veterans benefits",
    "Research", "Billing", "Payment", "Immigration", "Adoption", "Sports physical", "Camp physical")
"""Why people say records are wanted, as HIPAA authorizations' purpose lines and check boxes word it: a read
of a purpose blank within a few letters of one of these is spelt as the networks best support it."""
RELATIONS = (
    "Self", "Mother", "Father", "Parent", "Stepmother", "Stepfather", "Stepparent", "Foster parent",
    "Grandmother", "Grandfather", "Grandparent", "Daughter", "Son", "Child", "Stepdaughter", "Stepson",
    "Granddaughter", "Grandson", "Sister", "Brother", "Sibling", "Spouse", "Husband", "Wife", "Partner",
    "Domestic partner", "Aunt", "Uncle", "Niece", "Nephew", "Cousin", "Friend", "Caregiver", "Neighbor",
    "Guardian", "Legal guardian", "Court-appointed guardian", "Conservator", "Court-appointed conservator",
    "Power of attorney", "Durable power of attorney", "Healthcare power of attorney",
    "Health care power of attorney", "Healthcare agent", "Health care agent", "Healthcare proxy",
    "Health care proxy", "Personal representative", "Executor", "Executor of estate", "Executrix",
    "Administrator of estate", "Attorney", "Legal representative", "Surrogate")
"""Who a person is to the patient, as forms ask it (a proxy's or guardian's relationship, a representative's
authority): a read within a few letters of one of these is spelt as the networks best support it."""
PHRASE_EDITS = 0.35
"""A listed purpose is a candidate when at most this share of its letters must change to give the read."""


def _scorer(logps: list[np.ndarray], charset: str):
    """Scores a list of spellings under every network at once; a spelling with a letter the networks lack
    scores -inf."""
    index = {c: i + 1 for i, c in enumerate(charset)}

    def score(texts: list[str]) -> np.ndarray:
        ok = [all(c in index for c in s) for s in texts]
        batch = [[index[c] for c in s] if good else [] for s, good in zip(texts, ok)]
        total = sum(ctc_batch(lp, batch) for lp in logps)
        return np.where(ok, total, -np.inf)

    return score


def correct(text: str, logps: list[np.ndarray], charset: str, kind: str = "name") -> str:
    """``text`` as the networks (``logps``, one (T, C) array each) best support it among the spellings the
    lists allow for a value of ``kind`` ("name", "org" for an organisation or a person, "address",
    "email", "date" for a month's name, "purpose", "relation" for who a person is to the patient, "prose" for a
    lone "I" and words no English list holds),
    when within MARGIN of ``text`` itself; any other kind is returned as read."""
    score = _scorer(logps, charset)
    base = float(score([text])[0])
    if not np.isfinite(base):
        return text
    if kind == "email":
        return _best(text, base, email_variants(text), score)
    if kind == "purpose":
        return _best(text, base, purpose_variants(text), score)
    if kind == "relation":
        return _best(text, base, phrase_variants(text, RELATIONS), score)
    if kind == "prose":
        out, base = _replace_runs(text, base, LONE_STROKE, lambda _: ["I"], score)
        return _replace_runs(out, base, _TOKEN, _english_candidates, score)[0]
    if kind not in ("name", "address", "org", "date"):
        return text
    out = text
    for m in reversed(list(_TOKEN.finditer(text))):  # right to left: earlier offsets stay valid
        lines = [out[:m.start()] + cand + out[m.end():] for cand in _word_candidates(m.group(0), kind)]
        best = _best(out, base, lines, score)
        if best != out:
            out, base = best, float(score([best])[0])
        elif kind == "address" and m.group(0).lower() in ABBREVIATED and out[m.end():m.end() + 1] != ".":
            dotted = out[:m.end()] + "." + out[m.end():]  # "Apt 212" for "Apt. 212": a pen's dot is small
            s = float(score([dotted])[0])
            if s > base:  # only where the networks find the dot likelier than none: both are written
                out, base = dotted, s
    return out


def _replace_runs(text: str, base: float, pattern: re.Pattern, alternatives, score) -> tuple[str, float]:
    """``text`` (scored ``base``) with each run ``pattern`` matches, right to left (earlier offsets stay valid),
    replaced by the alternative (``alternatives(run)``) the networks find likeliest, if within MARGIN."""
    out = text
    for m in reversed(list(pattern.finditer(text))):
        best = _best(out, base, [out[:m.start()] + a + out[m.end():] for a in alternatives(m.group(0))], score)
        if best != out:
            out, base = best, float(score([best])[0])
    return out, base


def _english_candidates(word: str) -> list[str]:
    """English words near a word of a sentence that no English list holds (a medicine's name is left alone
    unless a word near it is what the ink spells)."""
    if len(word) < MIN_LEN or spelling.known(word.lower()):
        return []
    return [_in_case_of(w, word) for w in spelling.neighbours(word.lower(), edits(word), MAX_CANDIDATES)]


def respell(text: str, logps: list[np.ndarray], charset: str, cands: list[str]) -> str:
    """The spelling among ``cands`` the networks find most likely, if within MARGIN of ``text``; else ``text``
    (a caller's own candidates, as ``correct`` makes the lists')."""
    score = _scorer(logps, charset)
    base = float(score([text])[0])
    return _best(text, base, cands, score) if np.isfinite(base) else text


def respell_preferring(text: str, logps: list[np.ndarray], charset: str, cands: list[str], prefer) -> str:
    """Of ``cands`` within MARGIN of ``text`` under the networks, the one ``prefer`` ranks highest (the likeliest
    among equals); ``text`` when none is. For a prior the networks lack: an e-mail built from its owner's two
    names is likelier "charles_smith" than "challes_smith", which they find as likely."""
    score = _scorer(logps, charset)
    base = float(score([text])[0])
    if not cands or not np.isfinite(base):
        return text
    near = [(prefer(c), float(s), c) for c, s in zip(cands, score(cands)) if s > base - MARGIN]
    return max(near)[2] if near else text


def _best(text: str, base: float, cands: list[str], score) -> str:
    """The candidate the networks find most likely, if within MARGIN of ``text`` (scored ``base``)."""
    if not cands:
        return text
    s = score(cands)
    i = int(np.argmax(s))
    return cands[i] if s[i] > base - MARGIN else text


_TOKEN = re.compile(r"[A-Za-z]{2,}")


MONTHS = ("january february march april may june july august september october november december "
          "jan feb mar apr jun jul aug sep sept oct nov dec").split()
"""A date's words: the months, written out or cut to three or four letters."""


def _word_candidates(word: str, kind: str) -> list[str]:
    if kind == "date":
        w = word.lower()
        if len(word) < 3 or w in MONTHS:
            return []
        return [_in_case_of(m, word) for m in MONTHS if Levenshtein.distance(m, w) <= edits(w)]
    if kind == "address" and len(word) == 2:
        if not word.isupper() or word in STATES:
            return []
        return [st for st in sorted(STATES) if Levenshtein.distance(st, word) == 1]
    if len(word) < MIN_LEN or (kind == "address" and word.lower() in STREET_WORDS):
        return []
    if known(word):
        return [_in_case_of(n, word) for n in _commoner(word)] if kind in ("name", "org", "address") else []
    if kind == "org" and spelling.known(word.lower()):
        return []
    near = neighbours(word)
    if kind == "org":  # an organisation's words: names, and English ("Services", "Law", "Group")
        near += spelling.neighbours(word.lower(), edits(word), MAX_CANDIDATES)
    if kind == "address":
        w = word.lower()
        if _is_town_name(w):
            return []
        near += [x for x in sorted(STREET_WORDS) if x != w and Levenshtein.distance(x, w) <= edits(w)]
        near += _town_names(w)
    return [_in_case_of(n, word) for n in near]


PLACE_ENDINGS = frozenset("""
berg boro borough burg burgh bury chester dale field ford fort furt haven land mont mouth port shire side stad
ton town view ville wood
""".split())
"""Endings of town names made from a person's name ("Harrisburg", "Jamestown", "Fayetteville"): a town name
no list holds is most often a listed name and one of these."""


def _is_town_name(word: str) -> bool:
    """``word`` (lower-case) is a listed name and a place ending: a town name, left as read."""
    names = lexicon()[0]
    return any(word.endswith(e) and word[:-len(e)] in names for e in PLACE_ENDINGS)


def _town_names(word: str) -> list[str]:
    """Town names of a listed name and a place ending within two edits of an unlisted ``word`` (lower-case):
    "jenniterhaven" -> "jenniferhaven", "kevinborouh" -> "kevinborough", "carlahavech" -> "carlahaven" (an
    ending of five letters or more may be read two letters off, a shorter one one). (A word that already is one,
    "kylemouth", is not asked: ``_word_candidates``.)"""
    if len(word) < 7:
        return []
    names = lexicon()[0]
    ends_at: dict[int, list[str]] = {}  # where the name may end -> the endings that may follow it there
    for end in PLACE_ENDINGS:
        for cut in range(len(word) - len(end) - 1, len(word) - len(end) + 2):
            if cut >= MIN_LEN and Levenshtein.distance(word[cut:], end) <= (2 if len(end) >= 5 else 1):
                ends_at.setdefault(cut, []).append(end)
    out: set[str] = set()
    for cut, ends in ends_at.items():  # ("ton" and "town" share a cut: its names are looked up once)
        head = word[:cut]
        heads = ([head] if head in names else []) + neighbours(head)
        out.update(h + end for end in ends for h in heads if Levenshtein.distance(h + end, word) <= edits(word))
    out.discard(word)
    return sorted(out, key=lambda c: (Levenshtein.distance(c, word), c))[:MAX_CANDIDATES]


def purpose_variants(text: str) -> list[str]:
    """Listed purposes a read may be a slip for (case and a stray stop or quote aside), in the read's case."""
    return phrase_variants(text, PURPOSES)


def phrase_variants(text: str, phrases: tuple[str, ...]) -> list[str]:
    """Listed ``phrases`` a read may be a slip for (case and a stray stop or quote aside), in the read's case."""
    key = re.sub(r"[^a-z' ]+", "", text.lower()).strip()
    out = []
    for p in phrases:
        low = p.lower()
        if re.sub(r"[\s-]", "", low) == re.sub(r"[\s-]", "", key):
            continue  # "Health care" for "Healthcare": both are written, and the networks hardly see a space
        if low != key and Levenshtein.distance(low, key) <= PHRASE_EDITS * len(low):
            out.append(p.upper() if text.isupper() else p)
    return out


def email_variants(text: str) -> list[str]:
    """Spellings of a read e-mail address the networks may have meant: a listed mail domain near the one read
    (or an "@" put before one the read ends with), a dot between two letters of the part before the @, and
    a hyphen for an underscore there or the other way round (a pen's short dash read low or high)."""
    lower = text.lower()
    up = text.isupper()
    fix = (lambda d: d.upper()) if up else (lambda d: d)
    heads: list[tuple[str, str]] = []  # (before the @, domain)
    if lower.count("@") == 1:
        local, dom = text.split("@")
        heads = [(local, dom)] + [(local, fix(d)) for d in MAIL_DOMAINS
                                  if d != dom.lower() and Levenshtein.distance(d, dom.lower()) <= 3]
    else:
        for d in MAIL_DOMAINS:
            for k in range(2, len(text) - 4):
                tail = lower[k:]
                if abs(len(tail) - len(d)) <= 2 and Levenshtein.distance(tail, d) <= 2:
                    heads += [(text[:k], fix(d)), (text[:k - 1], fix(d))]  # the @ lost, or read as a letter
    out: list[str] = []
    for local, dom in heads:
        locals_ = [local] + [local.replace(a, b) for a, b in (("_", "-"), ("-", "_")) if a in local]
        if "." not in local:
            locals_ += [local[:i] + "." + local[i:] for i in range(2, len(local) - 1)
                        if local[i - 1].isalpha() and local[i].isalnum()]
        out += [f"{lo}@{dom}" for lo in locals_]
    return [o for o in dict.fromkeys(out) if o != text]


def listed_twice(a: str, b: str) -> tuple[str, str]:
    """Two reads of one name (``a``, ``b``), word for word, with each word that one read spells as a listed
    name and the other, a letter or two off, as a word no list holds (or as a name few bear, where the first is
    borne by COMMONER times as many: "Yuonne" / "Yvonne"), spelt as the listed one in each read's
    letter case ("Yonne E. Jones", "YVONNE E. JONES" -> "Yvonne E. Jones", "YVONNE E. JONES"). Reads of
    different lengths, or words further apart, are left as read."""
    wa, wb = a.split(), b.split()
    if len(wa) != len(wb):
        return a, b
    out_a, out_b = list(wa), list(wb)
    for k, (x, y) in enumerate(zip(wa, wb)):
        if x.lower() == y.lower() or min(len(x), len(y)) < MIN_LEN or not (x.isalpha() and y.isalpha()):
            continue
        if Levenshtein.distance(x.lower(), y.lower()) > edits(max(x, y, key=len)):
            continue
        if known(x) == known(y):  # both listed: a rarely borne one yields to one far more people bear
            rare, common = sorted((x.lower(), y.lower()), key=lambda v: frequencies().get(v, 0.0))
            if not known(x) or frequencies().get(rare, 0.0) >= RARE or not _far_commoner(common, rare):
                continue
        listed = max((x, y), key=lambda v: (known(v), frequencies().get(v.lower(), 0.0))).lower()
        out_a[k], out_b[k] = _in_case_of(listed, x), _in_case_of(listed, y)
    return " ".join(out_a), " ".join(out_b)


def listed_word(word: str, kind: str) -> bool:
    """Whether a list holds ``word`` as a word of a value of ``kind`` ("name"; "org": a name or English;
    "address": a name, a street word or a town name)."""
    w = word.lower()
    return known(w) or _listed_besides_names(w, kind)


def _listed_besides_names(w: str, kind: str) -> bool:
    """Whether a list other than the names' holds ``w`` (lower-case) for a value of ``kind``."""
    if kind == "org":
        return spelling.known(w)
    if kind == "address":
        return w in STREET_WORDS or _is_town_name(w)
    return False


def _rarely_borne(w: str, kind: str) -> bool:
    """A listed name (lower-case) few people bear and no other list holds: a slip as often as a name."""
    return known(w) and frequencies().get(w, 0.0) < RARE and not _listed_besides_names(w, kind)


def borrow_listed(text: str, others: list[str], kind: str) -> str:
    """``text`` with each word of it no list holds replaced by the listed word another read of the same ink
    spells a letter or two away ("Vew" -> "View" where Tesseract read "View"; "Mayille" -> "Mayville"): the
    handwriting network drops thin letters Tesseract keeps, and Tesseract garbles letters the network reads.
    A rarely borne listed name counts as unlisted, and yields only to a name far more people bear (COMMONER).
    The nearest listed word wins; two equally near that the reads spell equally often leave the word as read.
    A listed word the read begins or ends with is no candidate: the rest is an initial or a word run into it."""
    pool = [w for o in others for w in _TOKEN.findall(o or "") if listed_word(w, kind)]
    out = text
    for m in reversed(list(_TOKEN.finditer(text))):  # right to left: earlier offsets stay valid
        word = m.group(0)
        w = word.lower()
        rare = _rarely_borne(w, kind)
        if len(word) < MIN_LEN or listed_word(word, kind) and not rare:
            continue
        near: dict[str, tuple[int, int]] = {}
        for cand in pool:
            c = cand.lower()
            d = Levenshtein.distance(c, w)
            if rare and not _far_commoner(c, w):
                continue  # a rare name yields only to one far more people bear ("Kimbery" to "Kimberly")
            if c != w and d <= edits(word) and not (w.startswith(c) or w.endswith(c)):  # "DanielW": an initial
                near[c] = (d, near.get(c, (d, 0))[1] + 1)  # (edits, how many reads spell it)
        if not near:
            continue
        ranked = sorted(near.items(), key=lambda kv: (kv[1][0], -kv[1][1]))  # nearest, then most often read
        if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
            continue
        out = out[:m.start()] + _in_case_of(ranked[0][0], word) + out[m.end():]
    return out
