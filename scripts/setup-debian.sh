#!/usr/bin/env bash
# Installs the Debian packages fangtan's tests and recording need: chromium (browser tests, driven by
# playwright-core, and the server's print of the yearly report to PDF), poppler-utils (pdftotext: the report
# test reads the PDF's text back with an independent reader), ffmpeg (recording and composing the record) and a CJK font (the program's lower thirds are
# drawn with Noto Sans CJK SC; screenshots of the Chinese UI are legible).
# Idempotent: does nothing when they are already there. Needs root (or sudo) the first time.
set -euo pipefail

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v ffmpeg >/dev/null 2>&1 || need+=(ffmpeg)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
# setpriv --pdeathsig ties each recording ffmpeg to the server process (util-linux, present on most systems).
command -v setpriv >/dev/null 2>&1 || need+=(util-linux)
# Not `grep -q`: it stops reading at the first match, fc-list can die of SIGPIPE, and under pipefail the font
# then looks missing (seen in a clean-clone CI run, which called apt-get for a font it had).
fc-list 2>/dev/null | grep -i 'noto.*cjk' >/dev/null || need+=(fonts-noto-cjk)

if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "setup-debian: please install as root: apt-get install ${need[*]}" >&2
    exit 1
  fi
fi

echo "setup-debian: installing ${need[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
