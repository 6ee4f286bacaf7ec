#!/usr/bin/env bash
# Debian packages `sitrep report` and its tests need, installed only when
# missing (so running it again costs nothing):
#   libpango-1.0-0, libpangoft2-1.0-0  WeasyPrint's text layout (PDF briefs)
#   libharfbuzz-subset0                WeasyPrint's font subsetting (small PDFs)
#   fonts-dejavu-core                  DejaVu Sans: Latin, Cyrillic and Arabic
#                                      glyphs for place and actor names
#   poppler-utils                      pdftotext / pdftoppm: the tests read and
#                                      render the PDF; the README's page image
#   chromium, chromium-driver          headless Chromium and its WebDriver: the
#                                      browser tests of `sitrep serve`'s page and
#                                      `make bench`'s page-load figure (Selenium
#                                      drives Debian's build; nothing is downloaded)
#   postgresql                         the PostgreSQL server the store's tests and
#                                      `make bench` start, a throwaway cluster in a
#                                      temporary folder (tools/pg_cluster.py); the
#                                      package's own service is not used
set -euo pipefail

PACKAGES=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core poppler-utils
          chromium chromium-driver postgresql)

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "system-deps: not a Debian system; install Pango, DejaVu fonts, poppler-utils," \
       "Chromium with its chromedriver and PostgreSQL with your package manager" \
       "(see tools/system-deps.sh)" >&2
  exit 0
fi

missing=()
for package in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "system-deps: missing Debian packages: ${missing[*]}" >&2
  echo "system-deps: run as root, or: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "system-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
