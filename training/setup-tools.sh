#!/usr/bin/env bash
# System tools for the real-tool corpus (training/make_synth_tools.py) and its tests: the terminal
# browsers, poppler's pdftotext, headless Chromium and CJK fonts, pandoc (a regression fixture and the
# proxy set); with PROXY=1 also LibreOffice and two node tools on pdf.js (pdf2md, pdf-parse) for training/make_proxy_set.py
# (Debian/Ubuntu; run as root).
# Tests whose tool is missing skip with the reason.
set -euo pipefail
# command -> Debian package; only what is missing is installed (a machine may already carry
# nodejs from another source whose npm conflicts with Debian's npm package)
declare -A package=([w3m]=w3m [lynx]=lynx [pdftotext]=poppler-utils [chromium]=chromium [pandoc]=pandoc)
[ "${PROXY:-0}" = 1 ] && package+=([soffice]=libreoffice-writer-nogui [node]=nodejs [npm]=npm)
pdf2md="${TABLERECOVER_PDF2MD:-$HOME/.cache/tablerecover/pdf2md}"
install_pdf2md() {
  [ "${PROXY:-0}" = 1 ] && [ ! -d "$pdf2md/node_modules/pdf-parse" ] || return 0
  mkdir -p "$pdf2md" && npm install --silent --prefix "$pdf2md" @opendocsg/pdf2md@0.1.32 pdfjs-dist@3.11.174 pdf-parse@1.1.1
}
missing=()
for t in "${!package[@]}"; do command -v "$t" >/dev/null || missing+=("${package[$t]}"); done
[ "$(fc-list 2>/dev/null | grep -ci cjk || true)" -gt 0 ] || missing+=(fonts-noto-cjk)
if [ ${#missing[@]} -eq 0 ]; then install_pdf2md; echo "all tools present"; exit 0; fi
apt-get update -q
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
install_pdf2md
