#!/usr/bin/env bash
# Back up the site's PostgreSQL database: one pg_dump custom-format archive per run.
#
# Ops run it as `docker compose run --rm backup` (README "Operations"); `make prodcheck`
# runs the same file against the local server. Connection from libpq's variables:
# PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE. Also read:
#   BACKUP_DIR        where archives go (default /backups)
#   BACKUP_KEEP_DAYS  delete this database's archives older than that many days (default: keep all)
# Prints the path of the new archive on its last line.
set -euo pipefail

: "${PGDATABASE:?set PGDATABASE to the database to back up}"
dir="${BACKUP_DIR:-/backups}"
mkdir -p "$dir"

file="$dir/${PGDATABASE}-$(date -u +%Y%m%dT%H%M%SZ).dump"
partial="$file.partial"
trap 'rm -f "$partial"' EXIT

pg_dump --format=custom --no-owner --no-privileges --file="$partial"
# An archive pg_restore cannot read is no backup: list it before calling it done.
pg_restore --list "$partial" >/dev/null
mv "$partial" "$file"

if [[ -n "${BACKUP_KEEP_DAYS:-}" ]]; then
  find "$dir" -maxdepth 1 -name "${PGDATABASE}-*.dump" -mtime "+${BACKUP_KEEP_DAYS}" -print -delete
fi

echo "backup written: $file" >&2
echo "$file"
