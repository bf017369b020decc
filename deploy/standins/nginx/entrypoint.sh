#!/bin/bash
# The official image's template step: every /etc/nginx/templates/**/X.template becomes
# /etc/nginx/conf.d/**/X, with envsubst replacing only the variables whose names match
# NGINX_ENVSUBST_FILTER (all variables when it is empty), before nginx starts.
set -euo pipefail
templates=${NGINX_ENVSUBST_TEMPLATE_DIR:-/etc/nginx/templates}
suffix=${NGINX_ENVSUBST_TEMPLATE_SUFFIX:-.template}
output=${NGINX_ENVSUBST_OUTPUT_DIR:-/etc/nginx/conf.d}
filter=${NGINX_ENVSUBST_FILTER:-}

if [ "${1:-}" = nginx ] && [ -d "$templates" ]; then
  names=""
  while IFS= read -r name; do
    if [ -z "$filter" ] || [[ $name =~ $filter ]]; then
      names+="\${$name} "
    fi
  done < <(compgen -e)
  while IFS= read -r -d '' template; do
    relative=${template#"$templates"/}
    target="$output/${relative%"$suffix"}"
    mkdir -p "$(dirname "$target")"
    echo "$0: rendering $template to $target" >&2
    envsubst "$names" < "$template" > "$target"
  done < <(find "$templates" -follow -type f -name "*$suffix" -print0)
fi
exec "$@"
