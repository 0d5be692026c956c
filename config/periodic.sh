#!/bin/sh
# The periodic commands for set-ups without systemd timers or cron (config/compose.yaml):
# `flask send-mail` every PERIODIC_MAIL_SECONDS (default 300: retries whose backoff ran out),
# and `flask send-sms` as often when SMS is on (SMS_GATEWAY_URL set),
# and once a day, from REMINDERS_HOUR (default 10) `flask send-reminders` and from
# OUTCOMES_HOUR (default 9) `flask request-outcomes` and from PURGE_HOUR (default 3)
# `flask purge` (personal data of events past their retention period), in the time zone TZ
# (default Europe/Helsinki). The daily commands do nothing twice, so a restart that runs them
# again on the same day is harmless. Run exactly one of these per installation.
set -u
flask="${FLASK:-flask}"
interval="${PERIODIC_MAIL_SECONDS:-300}"
reminders_hour="${REMINDERS_HOUR:-10}"
outcomes_hour="${OUTCOMES_HOUR:-9}"
purge_hour="${PURGE_HOUR:-3}"
TZ="${TZ:-Europe/Helsinki}"
export TZ
reminders_done=""
outcomes_done=""
purge_done=""

while :; do
    "$flask" send-mail || echo "periodic.sh: send-mail failed; next try in ${interval} s" >&2
    if [ -n "${SMS_GATEWAY_URL:-}" ]; then
        "$flask" send-sms || echo "periodic.sh: send-sms failed; next try in ${interval} s" >&2
    fi
    today="$(date +%F)"
    hour="$(date +%H)"
    if [ "$hour" -ge "$reminders_hour" ] && [ "$reminders_done" != "$today" ]; then
        "$flask" send-reminders && reminders_done="$today"
    fi
    if [ "$hour" -ge "$outcomes_hour" ] && [ "$outcomes_done" != "$today" ]; then
        "$flask" request-outcomes && outcomes_done="$today"
    fi
    if [ "$hour" -ge "$purge_hour" ] && [ "$purge_done" != "$today" ]; then
        "$flask" purge && purge_done="$today"
    fi
    # One round only (a test, or a cron line that wants this script's choices).
    if [ "${PERIODIC_ONCE:-0}" = 1 ]; then break; fi
    sleep "$interval"
done
