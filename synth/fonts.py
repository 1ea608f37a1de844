"""Font lookup with fallbacks, so rendering works with or without the Debian handwriting fonts.

Printed text uses DejaVu/Liberation (always present). Handwriting uses
fonts-comic-neue, fonts-breip and fonts-dustin when installed, else oblique
DejaVu/Liberation with extra jitter (see ``ink.py``).
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass

from PIL import ImageFont

_TT = "/usr/share/fonts/truetype"
_OT = "/usr/share/fonts/opentype"

PRINT_FAMILIES: dict[str, dict[str, str]] = {
    "sans": {"regular": f"{_TT}/liberation/LiberationSans-Regular.ttf",
             "bold": f"{_TT}/liberation/LiberationSans-Bold.ttf",
             "italic": f"{_TT}/liberation/LiberationSans-Italic.ttf"},
    "serif": {"regular": f"{_TT}/liberation/LiberationSerif-Regular.ttf",
              "bold": f"{_TT}/liberation/LiberationSerif-Bold.ttf",
              "italic": f"{_TT}/liberation/LiberationSerif-Italic.ttf"},
    "dejavu": {"regular": f"{_TT}/dejavu/DejaVuSans.ttf",
               "bold": f"{_TT}/dejavu/DejaVuSans-Bold.ttf",
               "italic": f"{_TT}/dejavu/DejaVuSans-Oblique.ttf"},
    "dejavu_serif": {"regular": f"{_TT}/dejavu/DejaVuSerif.ttf",
                     "bold": f"{_TT}/dejavu/DejaVuSerif-Bold.ttf",
                     "italic": f"{_TT}/dejavu/DejaVuSerif-Italic.ttf"},
    "narrow": {"regular": f"{_TT}/liberation/LiberationSansNarrow-Regular.ttf",
               "bold": f"{_TT}/liberation/LiberationSansNarrow-Bold.ttf",
               "italic": f"{_TT}/liberation/LiberationSansNarrow-Italic.ttf"},
    "condensed": {"regular": f"{_TT}/dejavu/DejaVuSansCondensed.ttf",
                  "bold": f"{_TT}/dejavu/DejaVuSansCondensed-Bold.ttf",
                  "italic": f"{_TT}/dejavu/DejaVuSansCondensed-Oblique.ttf"},
}

TYPED_FONTS = [
    f"{_TT}/liberation/LiberationMono-Regular.ttf",
    f"{_TT}/dejavu/DejaVuSansMono.ttf",
    f"{_TT}/liberation/LiberationSans-Regular.ttf",
    f"{_TT}/liberation/LiberationSerif-Regular.ttf",
    f"{_TT}/dejavu/DejaVuSans.ttf",
]

_HAND_CANDIDATES = [
    f"{_OT}/comic-neue/ComicNeue-Regular.otf",
    f"{_OT}/comic-neue/ComicNeue-Italic.otf",
    f"{_OT}/comic-neue/ComicNeue-Light.otf",
    f"{_OT}/comic-neue/ComicNeue-LightItalic.otf",
    f"{_OT}/comic-neue/ComicNeue-Bold.otf",
    f"{_TT}/breip/Breip.ttf",
    f"{_TT}/breip/breipfont.ttf",
    f"{_TT}/dustin/Domestic_Manners.ttf",
    f"{_TT}/dustin/Dustismo.ttf",
]
_HAND_FALLBACK = [
    f"{_TT}/dejavu/DejaVuSans-Oblique.ttf",
    f"{_TT}/liberation/LiberationSans-Italic.ttf",
    f"{_TT}/dejavu/DejaVuSansCondensed-Oblique.ttf",
]


@dataclass(frozen=True)
class Font:
    """A font file at a pixel size (300 dpi pixels)."""

    path: str
    size: int

    @property
    def pil(self) -> ImageFont.FreeTypeFont:
        return load(self.path, self.size)


@functools.lru_cache(maxsize=512)
def load(path: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, size)


@functools.lru_cache(maxsize=1)
def hand_fonts() -> tuple[str, ...]:
    """Installed handwriting-like fonts; oblique print fonts if none is installed."""
    found = tuple(p for p in _HAND_CANDIDATES if os.path.exists(p))
    return found or tuple(p for p in _HAND_FALLBACK if os.path.exists(p))


_MORE_HANDS = [
    f"{_OT}/bwht/BecauseWeBuild-Regular.otf", f"{_OT}/bwht/BecauseWeConnect-Regular.otf",
    f"{_OT}/bwht/BecauseWeCreate-Regular.otf", f"{_OT}/bwht/BecauseWeLearn-Regular.otf",
    f"{_OT}/bwht/BecauseWeMentor-Regular.otf", f"{_OT}/bwht/BecauseWeOrganize-Regular.otf",
    f"{_OT}/dancingscript/DancingScript-Regular.otf", f"{_TT}/femkeklaver/femkeklaver.ttf",
    f"{_TT}/fifthhorseman/dkg.ttf", f"{_TT}/fifthhorseman/dkgIt.ttf", f"{_TT}/humor-sans/Humor-Sans.ttf",
    f"{_OT}/comic-neue/ComicNeue-BoldItalic.otf", f"{_TT}/dustin/Dustismo_Roman.ttf",
]


_FETCHED_HANDS = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                              "models", "handwriting", "fonts")
"""Where ``python -m models.handwriting.fonts`` puts the handwriting fonts it fetches for training."""


def debian_hands() -> tuple[str, ...]:
    """The handwriting fonts of Debian's packages that are installed (setup.sh installs them all)."""
    return tuple(p for p in _HAND_CANDIDATES + _MORE_HANDS if os.path.exists(p))


def line_hand_fonts(exclude: tuple[str, ...] = ()) -> tuple[str, ...]:
    """Every installed or fetched handwriting font, for training the handwriting reader on more hands than
    the documents use; ``exclude`` drops fonts whose path holds one of the words (a held-out hand)."""
    fetched = sorted(os.path.join(_FETCHED_HANDS, f) for f in os.listdir(_FETCHED_HANDS)
                     if f.endswith(".woff")) if os.path.isdir(_FETCHED_HANDS) else []
    found = tuple(p for p in debian_hands() + tuple(fetched)
                  if not any(w in os.path.basename(p).lower() for w in exclude))
    return found or hand_fonts()


def has_real_hand_fonts() -> bool:
    return any(os.path.exists(p) for p in _HAND_CANDIDATES)


def family(name: str, weight: str = "regular") -> str:
    return PRINT_FAMILIES[name][weight]
