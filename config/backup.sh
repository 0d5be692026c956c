#!/usr/bin/env bash
# Back up the Täsmärekry database: one pg_dump file in custom format per run, the newest
# BACKUP_KEEP kept. Run daily from the systemd timer (config/systemd/tasmarekry-backup.timer)
# or cron. Restore with config/restore.sh.
#
# Settings from the environment (the same EnvironmentFile as the service):
#   DATABASE_URL   the app's URL (postgresql+psycopg://user@host/db); a password in it is
#                  visible to `ps` while pg_dump runs: prefer ~/.pgpass or peer auth
#   BACKUP_DIR     where the dumps go (default /var/backups/tasmarekry)
#   BACKUP_KEEP    how many dumps to keep (default 14: two weeks of daily backups)
set -euo pipefail

: "${DATABASE_URL:?set DATABASE_URL to the database to back up}"
BACKUP_DIR="${BACKUP_DIR:-/var/backups/tasmarekry}"
BACKUP_KEEP="${BACKUP_KEEP:-14}"
case "$BACKUP_KEEP" in
    '' | *[!0-9]* | 0) echo "backup.sh: BACKUP_KEEP must be a whole number ≥ 1" >&2; exit 2 ;;
esac

# libpq does not know SQLAlchemy's driver suffix.
url="$DATABASE_URL"
url="${url/#postgresql+psycopg:\/\//postgresql://}"
url="${url/#postgres:\/\//postgresql://}"
case "$url" in
    postgresql://*) ;;
    *) echo "backup.sh: DATABASE_URL is not a PostgreSQL URL; back up a SQLite file by copying it" >&2
       exit 2 ;;
esac

# The dumps hold personal data: readable by the owner only.
umask 077
mkdir -p "$BACKUP_DIR"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
target="$BACKUP_DIR/tasmarekry-$stamp.dump"
partial="$target.partial"
# A dump that stopped half-way must never look like a backup: write aside, rename when done.
trap 'rm -f "$partial"' EXIT
pg_dump --format=custom --compress=6 --file="$partial" --dbname="$url"
mv "$partial" "$target"
trap - EXIT
echo "backup.sh: wrote $target ($(stat -c %s "$target") bytes)"

# Retention: the names sort by time, so everything but the newest BACKUP_KEEP goes.
mapfile -t old < <(find "$BACKUP_DIR" -maxdepth 1 -name 'tasmarekry-*.dump' -printf '%f\n' \
    | sort -r | tail -n +"$((BACKUP_KEEP + 1))")
for name in "${old[@]}"; do
    rm -f -- "$BACKUP_DIR/$name"
    echo "backup.sh: removed $name (keeping $BACKUP_KEEP)"
done
