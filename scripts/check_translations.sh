#!/usr/bin/env bash
# Fails when a translatable string in the code is missing, untranslated or fuzzy in the
# Indonesian catalogue, or when the committed .mo is older than the .po. Needs GNU gettext.
set -euo pipefail
cd "$(dirname "$0")/.."
po=locale/id/LC_MESSAGES/django.po
mo=locale/id/LC_MESSAGES/django.mo
work=$(mktemp -d)
trap 'cp "$work/committed.po" "$po"; rm -rf "$work"' EXIT
cp "$po" "$work/committed.po"
DEBUG=1 .venv/bin/python manage.py makemessages -l id --no-location --no-obsolete \
  -i '.venv/*' -i 'node_modules/*' -i 'staticfiles/*' -v0
cp "$po" "$work/current.po"
# Every message the code uses must have a non-fuzzy translation in the committed catalogue.
msgcmp "$work/committed.po" "$work/current.po"
# The compiled catalogue must match the committed .po.
msgfmt --check-format -o "$work/fresh.mo" "$work/committed.po"
if ! cmp -s "$work/fresh.mo" "$mo"; then
  echo "$mo is out of date: run 'make messages' and commit the result." >&2
  exit 1
fi
echo "Translations complete: $(msgattrib --translated --no-obsolete "$work/committed.po" | grep -c '^msgid') messages."
