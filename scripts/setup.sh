#!/usr/bin/env bash
# Install what him-intake needs on Debian: system packages, then a virtual environment in .venv.
# Idempotent: a second run only checks. Run as root (or with sudo available).
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(tesseract-ocr tesseract-ocr-eng tesseract-ocr-osd poppler-utils
              fonts-dejavu-core fonts-liberation fonts-comic-neue fonts-breip fonts-dustin
              fonts-dkg-handwriting fonts-bwht fonts-dancingscript fonts-femkeklaver fonts-humor-sans
              python3 python3-venv python3-dev make)
if [ "${WITH_BROWSER:-0}" = "1" ]; then APT_PACKAGES+=(chromium); fi

missing=()
for p in "${APT_PACKAGES[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PY=${PYTHON:-python3.11}
command -v "$PY" >/dev/null 2>&1 || PY=python3
if [ ! -x .venv/bin/python ]; then "$PY" -m venv .venv; fi
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
EXTRAS="test"
# the tests also check the reader's training code (warm start), which needs torch (CPU wheel, about 200 MB)
[ "${WITH_TRAIN:-0}" = "1" ] && EXTRAS="test,train"
.venv/bin/python -m pip install -q -e ".[$EXTRAS]"
.venv/bin/him-intake --help >/dev/null
echo "setup done: .venv/bin/him-intake"
