#!/usr/bin/env bash
# The browser tests drive Debian's Chromium through its ChromeDriver; install them when missing.
set -euo pipefail
if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's chromium and chromium-driver for the browser tests." >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
else
  echo "chromium and chromium-driver are missing; install Debian's packages (browser tests need them)." >&2
  exit 1
fi
