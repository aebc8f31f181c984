#!/bin/sh
# The systemd unit's ExecStart: start the version an offline update installed (<root>/current),
# or the installed package when there is none — and roll back a version on trial that keeps failing.
# Each start of a version still on trial (<root>/pending, cleared by the app once it has run
# healthySeconds) is counted; when it dies or hangs (no watchdog heartbeat → systemd kills and
# restarts it) more than MAX times, `current` goes back to `previous` (ADR 0019, main/app/updates).
ROOT="${CIVIC_CABINET_UPDATES:-${XDG_DATA_HOME:-$HOME/.local/share}/civic-cabinet-versions}"
BASE="${CIVIC_CABINET_INSTALLED:-/opt/Civic Cabinet/civic-cabinet}"
MAX="${CIVIC_CABINET_MAX_TRIES:-3}"

if [ -f "$ROOT/pending" ] && [ -L "$ROOT/current" ]; then
  echo start >> "$ROOT/attempts"
  tries=$(wc -l < "$ROOT/attempts")
  if [ "$tries" -gt "$MAX" ]; then
    trial=$(cat "$ROOT/pending")
    if [ -L "$ROOT/previous" ]; then
      ln -sfn "$(readlink "$ROOT/previous")" "$ROOT/.current-rollback" && mv -T "$ROOT/.current-rollback" "$ROOT/current"
    else
      rm -f "$ROOT/current"
    fi
    rm -f "$ROOT/pending" "$ROOT/attempts" "$ROOT/previous"
    echo "civic-cabinet: update $trial failed $MAX starts without becoming healthy; rolled back" >&2
    echo "$trial $(date -u +%Y-%m-%dT%H:%M:%SZ)" >> "$ROOT/rolled-back"
  fi
fi

if [ -L "$ROOT/current" ] && [ -x "$ROOT/current/civic-cabinet" ]; then
  exec "$ROOT/current/civic-cabinet" "$@"
fi
exec "$BASE" "$@"
