#!/usr/bin/env bash
# Debian packages the project needs outside Python: Pango and Liberation fonts for the PDF exports
# (WeasyPrint), and, with --browser, Chromium and its ChromeDriver for the browser tests.
set -euo pipefail
packages=(libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation2)
if [ "${1:-}" = "--browser" ]; then
  packages+=(chromium chromium-driver)
fi
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Debian packages: ${missing[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "Missing Debian packages: ${missing[*]}; install them (apt-get install ${missing[*]})." >&2
  exit 1
fi
