#!/usr/bin/env bash
# Installs, from Debian's archive, the system packages a task needs when they are missing:
#   build   libpango-1.0-0 libpangoft2-1.0-0 (WeasyPrint lays out the brochures with Pango/HarfBuzz)
#           fonts-noto-core (Noto Sans and Noto Naskh Arabic, embedded in the PDFs)
#   test    the above, plus chromium (the real browser for the browser tests, driven by
#           Playwright, never downloaded by it), poppler-utils (pdftotext, pdftoppm),
#           zbar-tools (zbarimg, to decode the QR codes of the brochures), and the W3C Nu Html
#           Checker for tests/test_html_valid.py: default-jre-headless when there is no Java 17+,
#           and vnu.jar from the npm registry's `vnu-jar` package at the version pinned below,
#           into .cache/vnu/ (git-ignored; Debian's npm is installed to fetch it when missing)
#   venv    python3-venv, for a Debian Python without the venv module
# `make serve` needs none of them. Debian packages need root (CI runs as root) or sudo.
set -euo pipefail

# The Nu Html Checker: an exact version of the npm package `vnu-jar`, and the SHA-256 of the
# vnu.jar it holds (`sha256sum .cache/vnu/node_modules/vnu-jar/build/dist/vnu.jar` after a
# change of version). tests/test_html_valid.py reads VNU_VERSION from this line.
VNU_VERSION=26.9.27
VNU_SHA256=22f15dd39a33bed929d2a5c0cddf5946849a647eca9272bf4d5d00bc7e7a4d47
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VNU_CACHE="$ROOT/.cache/vnu"
VNU_JAR="$VNU_CACHE/node_modules/vnu-jar/build/dist/vnu.jar"

mode="${1:-test}"
want=()
case "$mode" in
  venv)  want=(python3-venv) ;;
  build) want=(libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-core) ;;
  test)  want=(libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-core chromium poppler-utils zbar-tools) ;;
  *) echo "usage: $0 build|test|venv" >&2; exit 2 ;;
esac

java_major() {  # 17 for 'openjdk version "17.0.15"', 1 for '"1.8.0_402"', 0 without java
  command -v java >/dev/null 2>&1 || { echo 0; return; }
  java -version 2>&1 | sed -n -E '1s/.*version "([0-9]+).*/\1/p' | grep -E '^[0-9]+$' || echo 0
}

vnu_ready() {  # the pinned vnu.jar is in the cache, byte for byte
  [ -f "$VNU_JAR" ] && echo "$VNU_SHA256  $VNU_JAR" | sha256sum --check --status
}

if [ "$mode" = test ]; then
  [ "$(java_major)" -ge 17 ] || want+=(default-jre-headless)
  vnu_ready || command -v npm >/dev/null 2>&1 || want+=(npm)
fi

packages=()
for package in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" || packages+=("$package")
done

if [ ${#packages[@]} -gt 0 ]; then
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
fi

if [ "$mode" = test ] && ! vnu_ready; then
  echo "Installing vnu-jar@$VNU_VERSION (the W3C Nu Html Checker) from the npm registry into .cache/vnu/..."
  rm -rf "$VNU_CACHE"
  mkdir -p "$VNU_CACHE"
  # --ignore-scripts: the package's postinstall script would download a Java runtime from
  # GitHub; Java comes from Debian instead (default-jre-headless).
  npm install --prefix "$VNU_CACHE" --no-save --ignore-scripts --no-audit --no-fund --loglevel=error "vnu-jar@$VNU_VERSION" >/dev/null
  if ! vnu_ready; then
    echo "vnu.jar from vnu-jar@$VNU_VERSION does not have the expected SHA-256 ($VNU_SHA256): not used." >&2
    rm -rf "$VNU_CACHE"
    exit 1
  fi
fi
if [ "$mode" = test ] && [ "$(java_major)" -lt 17 ]; then
  echo "The Nu Html Checker needs Java 17 or newer; 'java' is $(java -version 2>&1 | head -1 || echo missing)." >&2
  exit 1
fi
