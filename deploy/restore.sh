#!/usr/bin/env bash
# Restore the site's PostgreSQL database from an archive written by backup.sh.
#
#   restore.sh ARCHIVE
#
# Creates the database when it does not exist (after a lost volume, or prodcheck's drop),
# otherwise replaces its contents (--clean) in one transaction: on any error nothing
# changes. Stop the web service first (README "Operations: restore"). Connection from
# libpq's variables: PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE.
set -euo pipefail

archive="${1:?usage: restore.sh ARCHIVE (a .dump file written by backup.sh)}"
: "${PGDATABASE:?set PGDATABASE to the database to restore into}"
if [[ ! -r "$archive" ]]; then
  echo "restore: cannot read $archive" >&2
  exit 1
fi

exists="$(psql --dbname="${PGMAINTENANCE_DB:-postgres}" --no-psqlrc --tuples-only --no-align \
  --set=db="$PGDATABASE" <<'SQL'
SELECT 1 FROM pg_database WHERE datname = :'db';
SQL
)"
if [[ "$exists" != "1" ]]; then
  echo "restore: creating database $PGDATABASE" >&2
  createdb --maintenance-db="${PGMAINTENANCE_DB:-postgres}" "$PGDATABASE"
fi

pg_restore --dbname="$PGDATABASE" --clean --if-exists --no-owner --no-privileges \
  --exit-on-error --single-transaction "$archive"
echo "restore: $PGDATABASE restored from $archive" >&2
