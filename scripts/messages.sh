#!/usr/bin/env bash
# Fails when the portal's translatable messages differ from locale/sv's catalogue, without
# touching the checkout: makemessages always rewrites the catalogue it reads, so it runs in a
# temporary copy of the tree and the copy's catalogue is compared with ours. (`make messages`
# is the one that updates locale/sv in place.)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
po=locale/sv/LC_MESSAGES/django.po
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

tar --exclude=./.venv --exclude=./.git --exclude=./var --exclude='*.egg-info' \
  --exclude=__pycache__ -cf - . | tar -xf - -C "$tmp"
# The same arguments as `make messages`.
(cd "$tmp" && "$root/.venv/bin/python" manage.py makemessages -l sv --no-location \
  --no-obsolete -v 0 --ignore=.venv --ignore=var --ignore=tests --ignore='*/locale/*')

# Sorted by msgid, so that only the messages count, not their order (a template renamed moves
# its messages in makemessages' output without changing any).
sorted_po() { msgcat --sort-output --no-wrap "$1" | grep -v '^"POT-Creation-Date'; }
if ! diff -u --label "$po" --label "$po (makemessages)" \
    <(sorted_po "$po") <(sorted_po "$tmp/$po") >"$tmp/messages.diff"; then
  head -40 "$tmp/messages.diff"
  echo "locale/sv: messages changed; run make messages and translate them" \
    "(tests refuse empty msgstr)"
  exit 1
fi
