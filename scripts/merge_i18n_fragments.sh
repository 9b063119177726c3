#!/usr/bin/env bash
# Merges i18n-fragments/*.po (translations written on parallel branches) into the Indonesian catalogue,
# then rebuilds and compiles it. The fragments win over empty or older entries. Needs GNU gettext.
set -euo pipefail
cd "$(dirname "$0")/.."
po=locale/id/LC_MESSAGES/django.po
shopt -s nullglob
fragments=(i18n-fragments/*.po)
[ "${#fragments[@]}" -gt 0 ] || { echo "No fragments."; exit 0; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
DEBUG=1 .venv/bin/python manage.py makemessages -l id --no-location --no-obsolete \
  -i '.venv/*' -i 'node_modules/*' -i 'staticfiles/*' -v0
# The catalogue's header makes each fragment a valid PO file.
sed -n '1,/^$/p' "$po" > "$work/header.po"
for f in "${fragments[@]}"; do
  cat "$work/header.po" "$f" > "$work/$(basename "$f")"
done
msgcat --use-first "$work"/*.po "$po" -o "$work/merged.po"
# Drop entries the code does not use (and the fuzzy marks msgcat may add).
msgattrib --no-fuzzy -o "$work/merged.po" "$work/merged.po" 2>/dev/null || true
cp "$work/merged.po" "$po"
DEBUG=1 .venv/bin/python manage.py makemessages -l id --no-location --no-obsolete \
  -i '.venv/*' -i 'node_modules/*' -i 'staticfiles/*' -v0
DEBUG=1 .venv/bin/python manage.py compilemessages -l id --ignore '.venv/*' -v0
echo "Untranslated or fuzzy after the merge:"
msgattrib --untranslated --no-obsolete "$po" | grep -c '^msgid' || true
msgattrib --only-fuzzy --no-obsolete "$po" | grep -c '^msgid' || true
