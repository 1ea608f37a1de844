"""More hands for training the handwriting reader: OFL handwriting fonts from the npm registry (Fontsource).

Debian packages only about twenty handwriting fonts, and a reader trained on
twenty hands reads a twenty-first badly. Fontsource publishes the Google Fonts
handwriting families as npm packages; ``npm pack`` fetches each pinned
version (no Node project needed) and we keep its Latin regular ``.woff``,
which FreeType (Pillow) opens as it is. They are used at training time only
and are not committed: ``models/handwriting/fonts/`` is ignored by git.

    .venv/bin/python -m models.handwriting.fonts      # fetch, then train (see train.py)
"""

from __future__ import annotations

import subprocess
import tarfile
import tempfile
from pathlib import Path

FONT_DIR = Path(__file__).resolve().parent / "fonts"
VERSION = "5.3.0"

FAMILIES = (
    # block and print hands
    "amatic-sc", "architects-daughter", "coming-soon", "crafty-girls", "edu-sa-beginner",
    "gaegu", "gloria-hallelujah", "gochi-hand", "handlee", "indie-flower", "itim", "just-another-hand",
    "kalam", "mali", "neucha", "nothing-you-could-do", "patrick-hand", "permanent-marker",
    "playpen-sans", "reenie-beanie", "rock-salt", "schoolbell", "shadows-into-light",
    "shadows-into-light-two", "short-stack", "sriracha", "sue-ellen-francisco",
    "the-girl-next-door", "walter-turncoat", "annie-use-your-telescope", "covered-by-your-grace",
    "caveat", "caveat-brush", "loved-by-the-king", "give-you-glory", "mynerve", "swanky-and-moo-moo",
    # joined and cursive hands
    "cedarville-cursive", "homemade-apple", "marck-script", "nanum-pen-script", "oooh-baby",
)

HELD_OUT = ("kalam", "gochi-hand", "just-another-hand", "shadows-into-light-two")
"""Hands left out of the shipped reader's training, so its error on hands it never saw can be measured
(``python -m bench.hand_fonts``)."""


def font_files() -> list[Path]:
    """The fetched fonts (none when ``fetch`` was not run)."""
    return sorted(FONT_DIR.glob("*.woff")) if FONT_DIR.is_dir() else []


def fetch(families: tuple[str, ...] = FAMILIES) -> list[Path]:
    """Fetch each family's package at VERSION and keep its Latin regular face; families already there are kept."""
    FONT_DIR.mkdir(parents=True, exist_ok=True)
    got = []
    for fam in families:
        dest = FONT_DIR / f"{fam}.woff"
        if not dest.exists():
            with tempfile.TemporaryDirectory() as tmp:
                subprocess.run(["npm", "pack", f"@fontsource/{fam}@{VERSION}", "--silent"], cwd=tmp,
                               check=True, stdout=subprocess.DEVNULL, timeout=120)
                (tgz,) = Path(tmp).glob("*.tgz")
                with tarfile.open(tgz) as tar:
                    name = f"package/files/{fam}-latin-400-normal.woff"
                    member = tar.getmember(name)
                    dest.write_bytes(tar.extractfile(member).read())
        got.append(dest)
    return got


if __name__ == "__main__":
    paths = fetch()
    print(f"{len(paths)} handwriting fonts in {FONT_DIR}")
