#!/bin/sh
# As the official image: redis-server runs as the redis user, with protected mode off unless
# asked for (the official build changes that default; only compose's network reaches it).
set -e
if [ "$1" = redis-server ]; then
  case " $* " in
    *" --protected-mode "*) ;;
    *) set -- "$@" --protected-mode no ;;
  esac
  if [ "$(id -u)" = 0 ]; then
    exec setpriv --reuid=redis --regid=redis --init-groups "$@"
  fi
fi
exec "$@"
