#!/bin/sh
# Runs a command with an unlocked OS keychain where no desktop session provides one (SSH,
# containers, a bare window manager) — one command, from the checkout:
#
#   dbus-run-session -- sh scripts/unlock-keyring.sh npm start
#
# dbus-run-session gives the command a D-Bus session bus; this starts gnome-keyring on it, unlocked
# with your keyring password (asked on the terminal, or read from WAPC_KEYRING_PASSWORD or stdin),
# waits until the keyring answers, then runs the command. The login keyring is created with that
# password if there is none. The keyring runs in the foreground of this script and is stopped when
# the command ends, so nothing is left running.
set -u

fail() {
  echo "unlock-keyring.sh: $1" >&2
  exit 1
}

[ "$#" -gt 0 ] || fail 'give the command to run, e.g. dbus-run-session -- sh scripts/unlock-keyring.sh npm start'
[ -n "${DBUS_SESSION_BUS_ADDRESS:-}" ] ||
  fail "no D-Bus session bus. Run it as: dbus-run-session -- sh scripts/unlock-keyring.sh $*"
for program in gnome-keyring-daemon dbus-send; do
  command -v "$program" >/dev/null 2>&1 ||
    fail "$program is missing. Install: sudo apt-get install -y gnome-keyring dbus"
done

ask() {
  dbus-send --session --print-reply "$@" 2>/dev/null
}
keyring_running() {
  ask --dest=org.freedesktop.DBus /org/freedesktop/DBus org.freedesktop.DBus.NameHasOwner \
    string:org.freedesktop.secrets | grep -q 'boolean true'
}
keyring_locked() {
  ask --dest=org.freedesktop.secrets /org/freedesktop/secrets/aliases/default \
    org.freedesktop.DBus.Properties.Get string:org.freedesktop.Secret.Collection string:Locked |
    grep -q 'boolean true'
}

keyring_running && fail 'this session already has a keychain; run the command directly.'

password="${WAPC_KEYRING_PASSWORD:-}"
if [ -z "$password" ]; then
  if [ -t 0 ]; then
    trap 'stty echo' EXIT INT TERM
    stty -echo
    printf 'Keyring password: ' >&2
    IFS= read -r password
    stty echo
    trap - EXIT INT TERM
    echo >&2
  else
    IFS= read -r password || true
  fi
fi
[ -n "$password" ] || fail 'no password given (type it, or set WAPC_KEYRING_PASSWORD).'

printf %s "$password" | gnome-keyring-daemon --foreground --unlock --components=secrets >/dev/null 2>&1 &
keyring=$!
unset password
trap 'kill "$keyring" 2>/dev/null; wait "$keyring" 2>/dev/null' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

tries=0
until keyring_running; do
  tries=$((tries + 1))
  [ "$tries" -le 100 ] || fail 'gnome-keyring-daemon did not start within 10 s.'
  kill -0 "$keyring" 2>/dev/null || fail 'gnome-keyring-daemon exited at start.'
  sleep 0.1
done
keyring_locked && fail 'wrong password: the login keyring stays locked.'

"$@"
