# shellcheck shell=bash
# What systemd/test-systemd.sh and Packaging/test-deb.sh share, sourced by both: a systemd
# booted with systemd-nspawn over an overlay of this machine's root on a tmpfs, shut down and
# unmounted on exit even on failure, and the check helpers. Set NAME (for messages) first.
: "${NAME:?set NAME before sourcing systemd/nspawn.sh}"

# Root only (mounts, nspawn); installs systemd-nspawn when missing.
nspawn_require_root() {
  if [ "$(id -u)" != 0 ]; then
    echo "$NAME: needs root (systemd-nspawn, mounts); skipped" >&2
    exit 1
  fi
  if ! command -v systemd-nspawn >/dev/null; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends systemd-container
  fi
}

# WORK (a tmpfs) and ROOT (an overlay of / in it), undone on exit.
nspawn_overlay() {
  WORK=$(mktemp -d "/tmp/orbis-$NAME.XXXXXX")
  ROOT=$WORK/root
  NSPAWN_PID=""
  LEADER=""
  trap nspawn_cleanup EXIT
  echo "$NAME: an overlay of / on a tmpfs"
  mount -t tmpfs -o size=4G,mode=0755 tmpfs "$WORK"
  mkdir -p "$WORK/upper" "$WORK/work" "$ROOT"
  mount -t overlay overlay -o "lowerdir=/,upperdir=$WORK/upper,workdir=$WORK/work" "$ROOT"
}

nspawn_cleanup() {
  set +e
  if [ -n "$LEADER" ] && kill -0 "$LEADER" 2>/dev/null; then
    nsenter -t "$LEADER" -a systemctl poweroff >/dev/null 2>&1
    for _ in $(seq 1 40); do kill -0 "$NSPAWN_PID" 2>/dev/null || break; sleep 0.25; done
  fi
  if [ -n "$NSPAWN_PID" ] && kill -0 "$NSPAWN_PID" 2>/dev/null; then
    kill -TERM "$NSPAWN_PID"; sleep 2; kill -KILL "$NSPAWN_PID" 2>/dev/null
  fi
  umount "$ROOT" 2>/dev/null || umount -l "$ROOT" 2>/dev/null
  umount "$WORK" 2>/dev/null || umount -l "$WORK" 2>/dev/null
  rmdir "$WORK" 2>/dev/null
}

# Boots ROOT's systemd (no network of its own) and waits for it to be up; LEADER is its pid.
nspawn_boot() {
  echo "$NAME: booting the container"
  systemd-nspawn -q -D "$ROOT" --boot --keep-unit --register=no --link-journal=no \
    --private-network > "$WORK/console.log" 2>&1 &
  NSPAWN_PID=$!
  for _ in $(seq 1 120); do
    LEADER=$(pgrep -P "$NSPAWN_PID" -x systemd || true)
    [ -n "$LEADER" ] && break
    sleep 0.5
  done
  [ -n "$LEADER" ] || { echo "$NAME: the container did not boot"; cat "$WORK/console.log"; exit 1; }
  wait_for 120 in_container systemctl is-system-running --wait || true
}

PASSED=0
FAILED=0
check() {  # check NAME COMMAND...
  local name=$1; shift
  if "$@"; then
    echo "ok   $name"; PASSED=$((PASSED + 1))
  else
    echo "FAIL $name"; FAILED=$((FAILED + 1))
  fi
}
in_container() { nsenter -t "$LEADER" -a "$@"; }
wait_for() {  # wait_for SECONDS COMMAND...
  local seconds=$1; shift
  local end=$((SECONDS + seconds))
  while [ $SECONDS -lt $end ]; do "$@" >/dev/null 2>&1 && return 0; sleep 0.5; done
  "$@" >/dev/null 2>&1
}
show() { in_container systemctl show orbis -p "$1" --value; }
modes() { in_container stat -c '%a %U %G' "$@" | tr '\n' ' '; }
