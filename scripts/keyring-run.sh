#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with an unlocked gnome-keyring, so keychain tests
# use a real Secret Service and never the user's own keyring (HOME and XDG dirs are private).
# Without dbus-run-session or gnome-keyring-daemon the command runs as it is, and the keychain
# tests skip with their own message.
set -u
if ! command -v dbus-run-session >/dev/null 2>&1 || ! command -v gnome-keyring-daemon >/dev/null 2>&1; then
  echo "keyring-run: no dbus-run-session/gnome-keyring-daemon; keychain tests will skip" >&2
  exec "$@"
fi
base=$(mktemp -d "${TMPDIR:-/tmp}/connector-keyring.XXXXXX")
trap 'rm -rf "$base"' EXIT
export HOME="$base/home" XDG_DATA_HOME="$base/data" XDG_RUNTIME_DIR="$base/run" XDG_CONFIG_HOME="$base/config"
mkdir -p "$HOME" "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR" "$XDG_CONFIG_HOME"
chmod 700 "$XDG_RUNTIME_DIR"
dbus-run-session -- sh -c '
  eval "$(printf "%s" "connector-test-keyring" | gnome-keyring-daemon --unlock --components=secrets 2>/dev/null)"
  export GNOME_KEYRING_CONTROL
  exec "$@"' sh "$@"
