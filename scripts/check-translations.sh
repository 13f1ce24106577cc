#!/usr/bin/env bash
# Fails when a Vietnamese catalogue has an untranslated or fuzzy entry, or does not compile.
set -euo pipefail
status=0
while IFS= read -r po; do
  stats=$(LC_ALL=C msgfmt --check --statistics -o /dev/null "$po" 2>&1) || { echo "$po: $stats"; status=1; continue; }
  if grep -qE 'untranslated|fuzzy' <<<"$stats"; then
    echo "$po: $stats"
    status=1
  fi
done < <(git ls-files --cached --others --exclude-standard '*/locale/vi/LC_MESSAGES/django.po')
exit $status
