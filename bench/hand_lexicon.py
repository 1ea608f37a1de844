"""What the lists add to the handwriting reader: handwritten names, addresses, e-mails and a patient's sentences
read with and without.

    .venv/bin/python -m bench.hand_lexicon --n 400 --hands debian          # where MARGIN was chosen
    .venv/bin/python -m bench.hand_lexicon --n 400 --hands held-out        # hands no network saw
    .venv/bin/python -m bench.hand_lexicon --n 400 --unlisted              # rare names: what the lists break
    .venv/bin/python -m bench.hand_lexicon --n 400 --rare                  # rare listed surnames a letter from
                                                                           # common ones: what _commoner breaks
    .venv/bin/python -m bench.hand_lexicon --n 400 --kind address          # also --kind email
    .venv/bin/python -m bench.hand_lexicon --n 400 --kind address --rare   # a street or town named for a rare name
    .venv/bin/python -m bench.hand_lexicon --n 300 --kind prose            # a patient's sentences: English respelt
    .venv/bin/python -m bench.hand_lexicon --n 300 --kind prose-rare       # naming medicines no list holds

Names are drawn as the synthesiser draws them (Faker's, not the Census lists), some in capitals, written by
``synth/lines.py`` in the chosen hands and faxed; each line is read by the pipeline's pair of networks
(``hand_read.read_candidates``) without and with ``lexicon=a.kind``, for each margin asked. Reported: lines read
exactly, lines the lists mended (wrong before, right after) and broke (right before, wrong after).
"""

from __future__ import annotations

import argparse
import random

from models.handwriting.fonts import HELD_OUT, font_files
from pipeline import hand_read, hand_lexicon
from synth import fills
from synth.fonts import debian_hands
from synth.lines import BLOCK_CAPITALS, clean_text, render_line
from synth.cases import recipient_name


def unlisted(rng: random.Random, name: str) -> str:
    """``name`` with each word of MIN_LEN letters or more changed by one letter into a word no list holds: a
    rare name, which the lists must leave alone when the networks read it right."""
    out = []
    for w in name.split():
        letters = [i for i, c in enumerate(w) if c.isalpha()]
        for _ in range(50):
            if len(letters) < hand_lexicon.MIN_LEN:
                break
            i = rng.choice(letters[1:])
            c = rng.choice("aeioulnrst" if w[i].islower() else "AEIOULNRST")
            cand = w[:i] + c + w[i + 1:]
            if cand != w and not hand_lexicon.known(cand.strip(".,'")):
                w = cand
                break
        out.append(w)
    return " ".join(out)


def rare_listed(rng: random.Random, name: str, kind: str = "name") -> str:
    """``name`` with its last word (an address: its first word of letters, the street's or the town's name)
    replaced by a listed name few people bear that is a letter away from a far commoner one: the values the
    commoner-name mending (``hand_lexicon._commoner``) can break."""
    pool = _rare_pool()
    words = name.split()
    w = rng.choice(pool)
    at = len(words) - 1
    if kind == "address":
        at = next((i for i, x in enumerate(words) if x.isalpha() and x.lower() not in hand_lexicon.STREET_WORDS
                   and len(x) >= hand_lexicon.MIN_LEN), at)
    words[at] = w.upper() if words[at].isupper() else w.capitalize()
    return " ".join(words)


def _rare_pool() -> list[str]:
    if not _POOL:
        freq = hand_lexicon.frequencies()
        rng = random.Random(7)
        rare = sorted(w for w, f in freq.items() if f < hand_lexicon.RARE and len(w) >= 5)
        for w in rng.sample(rare, 3000):
            if hand_lexicon._commoner(w):
                _POOL.append(w)
    return _POOL


_POOL: list[str] = []
RARE_TERMS = ("lisinopril atorvastatin metformin levothyroxine amlodipine omeprazole sertraline gabapentin hydrocodone "
              "echocardiogram losartan albuterol prednisone tramadol citalopram fluoxetine bupropion trazodone "
              "duloxetine naltrexone buprenorphine clonazepam lorazepam zolpidem montelukast pantoprazole simvastatin "
              "carvedilol furosemide spironolactone tamsulosin meloxicam ondansetron azithromycin doxycycline "
              "cephalexin ciprofloxacin spirometry").split()
"""Medicines and tests a patient names that SymSpell's English list does not hold."""


def value(kind: str, rng: random.Random, fk) -> str:
    if kind == "address":
        street, city, st, z = fills.address(fk)
        return rng.choice([street, f"{city}, {st} {z}", f"{street}, {city}, {st} {z}"])
    if kind == "email":
        return fills.email_for(fills.person_name(rng, fk), rng)
    if kind == "org":
        return recipient_name(rng, fk)
    if kind == "prose":
        from synth.templates import wording as W
        return rng.choice([t for item in W.AMEND_ITEMS for t in item] + W.EXPIRATION_EVENTS)
    if kind == "prose-rare":  # a patient's sentence naming a medicine no English list holds: what respelling breaks
        drug = rng.choice(RARE_TERMS)
        return rng.choice([f"Remove {drug} from my list", f"I never took {drug}", f"I stopped {drug} in 2019",
                           f"Add {drug} to my medicines", f"The note should say {drug}"])
    return fills.person_name(rng, fk)


def lines(n: int, seed: int, hands: tuple[str, ...], rare: str = "", kind: str = "name") -> list[tuple]:
    out = []
    for i in range(n):
        rng = random.Random(seed + i)
        text = clean_text(value(kind, rng, fills.faker(seed + i)))
        if rare == "unlisted":
            text = unlisted(rng, text)
        elif rare == "rare":
            text = rare_listed(rng, text, kind)
        if rng.random() < BLOCK_CAPITALS:
            text = text.upper()
        out.append((render_line(text, rng, hands=hands), text))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=400)
    ap.add_argument("--seed", type=int, default=91_000_000)
    ap.add_argument("--hands", choices=("debian", "held-out"), default="debian")
    ap.add_argument("--margin", type=float, action="append", default=[])
    ap.add_argument("--unlisted", action="store_true", help="names changed into words no list holds")
    ap.add_argument("--rare", action="store_true", help="surnames few people bear, a letter from common ones")
    ap.add_argument("--kind", choices=("name", "org", "address", "email", "prose", "prose-rare"), default="name")
    a = ap.parse_args()
    hands = debian_hands() if a.hands == "debian" else tuple(str(p) for p in font_files() if p.stem in HELD_OUT)
    if not hands:
        raise SystemExit("no held-out hands: run python -m models.handwriting.fonts first")
    data = lines(a.n, a.seed, hands, "unlisted" if a.unlisted else "rare" if a.rare else "", a.kind)
    plain = [hand_read.read_candidates(img)[0][0] for img, _ in data]
    exact = sum(p == t for p, (_, t) in zip(plain, data))
    print(f"{a.hands} hands, {a.n} {a.kind}s: read exactly without the lists {exact}")
    for m in a.margin or [hand_lexicon.MARGIN]:
        hand_lexicon.MARGIN = m
        got = [hand_read.read_candidates(img, lexicon=a.kind.split("-")[0])[0][0] for img, _ in data]
        right = sum(g == t for g, (_, t) in zip(got, data))
        mended = sum(g == t != p for g, p, (_, t) in zip(got, plain, data))
        broke = sum(p == t != g for g, p, (_, t) in zip(got, plain, data))
        print(f"margin {m:4.1f}: exactly {right}  mended {mended}  broke {broke}")


if __name__ == "__main__":
    main()
