#!/usr/bin/env bash
# Restore a dump made by config/backup.sh into the database named by DATABASE_URL.
#
#   config/restore.sh [--clean] FILE.dump
#
# Stop the web and worker services first. The target database must exist; it must be empty
# unless --clean is given, which drops the objects the dump contains before recreating them.
# Everything happens in one transaction: a restore that fails leaves the database as it was.
# Ownership and grants are not restored: the objects belong to the user in DATABASE_URL,
# so a dump can be restored on another server with another role name.
set -euo pipefail

clean=0
if [ "${1:-}" = "--clean" ]; then clean=1; shift; fi
if [ $# -ne 1 ] || [ ! -f "$1" ]; then
    echo "usage: restore.sh [--clean] FILE.dump   (with DATABASE_URL set)" >&2
    exit 2
fi
dump="$1"
: "${DATABASE_URL:?set DATABASE_URL to the database to restore into}"

url="$DATABASE_URL"
url="${url/#postgresql+psycopg:\/\//postgresql://}"
url="${url/#postgres:\/\//postgresql://}"
case "$url" in
    postgresql://*) ;;
    *) echo "restore.sh: DATABASE_URL is not a PostgreSQL URL" >&2; exit 2 ;;
esac

# Is the file a dump at all? pg_restore --list reads its table of contents only.
if ! pg_restore --list "$dump" >/dev/null; then
    echo "restore.sh: $dump is not a pg_dump custom-format file" >&2
    exit 2
fi

tables="$(psql --no-psqlrc --tuples-only --no-align --dbname="$url" --command \
    "SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')")"
if [ "$tables" != 0 ] && [ "$clean" = 0 ]; then
    echo "restore.sh: the database already has $tables tables; restore into an empty database" \
         "or give --clean to replace them" >&2
    exit 1
fi

options=(--no-owner --no-privileges --single-transaction --exit-on-error)
if [ "$clean" = 1 ]; then options+=(--clean --if-exists); fi
pg_restore "${options[@]}" --dbname="$url" "$dump"
echo "restore.sh: restored $dump"
