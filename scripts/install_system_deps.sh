#!/usr/bin/env bash
# Installs the system packages the tests need, from Debian's archive, when they are missing:
#   chromium          the real browser for the browser tests (driven by Playwright, never downloaded by it)
#   fonts-noto-core   Arabic glyphs, so RTL pages render as a reader sees them
# With the argument "venv": python3-venv, for a Debian Python without the venv module.
# Needs root (CI runs as root) or sudo.
set -euo pipefail

if [ "${1:-}" = "venv" ]; then
  packages=(python3-venv)
else
  packages=()
  command -v chromium >/dev/null 2>&1 || packages+=(chromium)
  dpkg-query -W -f='${Status}' fonts-noto-core 2>/dev/null | grep -q "ok installed" || packages+=(fonts-noto-core)
fi
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
