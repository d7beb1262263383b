#!/usr/bin/env bash
# Installs, from Debian's archive, the system packages a task needs when they are missing:
#   build   libpango-1.0-0 libpangoft2-1.0-0 (WeasyPrint lays out the brochures with Pango/HarfBuzz)
#           fonts-noto-core (Noto Sans and Noto Naskh Arabic, embedded in the PDFs)
#   test    the above, plus chromium (the real browser for the browser tests, driven by
#           Playwright, never downloaded by it), poppler-utils (pdftotext, pdftoppm) and
#           zbar-tools (zbarimg, to decode the QR codes of the brochures)
#   venv    python3-venv, for a Debian Python without the venv module
# `make serve` needs none of them. Needs root (CI runs as root) or sudo.
set -euo pipefail

want=()
case "${1:-test}" in
  venv)  want=(python3-venv) ;;
  build) want=(libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-core) ;;
  test)  want=(libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-core chromium poppler-utils zbar-tools) ;;
  *) echo "usage: $0 build|test|venv" >&2; exit 2 ;;
esac
packages=()
for package in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" || packages+=("$package")
done
[ ${#packages[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1; then
  sudo=(sudo)
else
  echo "Missing system packages: ${packages[*]}. Install them as root: apt-get install ${packages[*]}" >&2
  exit 1
fi
echo "Installing ${packages[*]} from Debian's archive..."
"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
