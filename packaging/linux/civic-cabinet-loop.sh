#!/bin/sh
# The XDG-autostart alternative to the systemd unit (desktops without a user systemd session):
# start the kiosk, and start it again whenever it ends (a crash, or a restart request, exit 75).
# No watchdog here: a hung process is not detected — prefer civic-cabinet.service where you can.
APP="${CIVIC_CABINET_BIN:-/opt/Civic Cabinet/civic-cabinet-launch.sh}"
DELAY="${CIVIC_CABINET_RESTART_DELAY:-5}"
while :; do
  "$APP" "$@"
  code=$?
  echo "civic-cabinet exited with $code; starting again in ${DELAY}s" >&2
  sleep "$DELAY"
done
