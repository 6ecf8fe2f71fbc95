#!/usr/bin/env bash
# Fill the English catalogue from PO fragments (msgid/msgstr pairs written alongside a change),
# then compile. Fuzzy guesses left by makemessages are dropped first: a fragment or a translator
# must confirm them. Usage: scripts/merge_translations.sh locale/fragments/*.po
set -euo pipefail
cd "$(dirname "$0")/.."
catalogue=locale/en/LC_MESSAGES/django.po
tmp=$(mktemp)
msgattrib --clear-fuzzy --empty "$catalogue" -o "$tmp"
for fragment in "$@"; do
  msgcat --use-first "$tmp" "$fragment" -o "$tmp.next"
  # Keep only what the catalogue has: a fragment entry the code no longer uses is not added.
  msgmerge --quiet --no-fuzzy-matching "$tmp.next" "$catalogue" -o "$tmp"
done
msgattrib --no-obsolete "$tmp" -o "$catalogue"
rm -f "$tmp" "$tmp.next"
echo "Untranslated entries left:"
msgattrib --untranslated --no-obsolete "$catalogue" | grep -c '^msgid' || true
.venv/bin/python manage.py compilemessages --ignore=.venv >/dev/null
