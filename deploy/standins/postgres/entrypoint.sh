#!/bin/bash
# What the official postgres image's entrypoint does that the stack relies on:
# - on an empty data directory: initdb with POSTGRES_USER / POSTGRES_PASSWORD (UTF-8), a
#   database POSTGRES_DB, password (scram-sha-256) authentication from the network;
# - postgres runs as the postgres user, listening on every address of the container;
# - any other command (the backup service's bash) runs as given.
set -euo pipefail

if [ "${1:0:1}" = - ]; then
  set -- postgres "$@"
fi
if [ "$1" != postgres ]; then
  exec "$@"
fi

if [ "$(id -u)" = 0 ]; then
  mkdir -p "$PGDATA"
  chown postgres:postgres "$PGDATA"
  chmod 700 "$PGDATA"
  exec setpriv --reuid=postgres --regid=postgres --init-groups "$0" "$@"
fi

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  : "${POSTGRES_PASSWORD:?the database is uninitialized and POSTGRES_PASSWORD is not set}"
  user=${POSTGRES_USER:-postgres}
  database=${POSTGRES_DB:-$user}
  initdb --username="$user" --pwfile=<(printf '%s\n' "$POSTGRES_PASSWORD") \
    --encoding=UTF8 --locale=C.UTF-8 --auth-local=trust --auth-host=scram-sha-256 \
    ${POSTGRES_INITDB_ARGS:-}
  printf '\nhost all all all scram-sha-256\n' >> "$PGDATA/pg_hba.conf"
  # A server on the socket only, to create the database; the network sees it once ready.
  pg_ctl --pgdata="$PGDATA" --wait --options="-c listen_addresses=''" start
  if [ "$database" != postgres ]; then
    psql --username="$user" --dbname=postgres --no-psqlrc --set=ON_ERROR_STOP=1 \
      --set=db="$database" <<'SQL'
CREATE DATABASE :"db";
SQL
  fi
  pg_ctl --pgdata="$PGDATA" --wait --mode=fast stop
  echo "postgres stand-in: initialized $PGDATA (user $user, database $database)"
fi

exec postgres -c listen_addresses='*' "${@:2}"
