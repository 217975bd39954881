#!/bin/sh
# npm run test:freebsd: the whole suite, plus the live comparisons with
# FreeBSD's own tools, on FreeBSD 14 and 13 VMs (test/freebsd/Vagrantfile).
#
# Needs: Vagrant and a provider (VirtualBox or libvirt), and the boxes
# generic/freebsd14 and generic/freebsd13 (vagrant box add generic/freebsd14).
# Takes about 15 minutes per VM the first time (packages, npm ci), 5 after.
#
#   test/freebsd/run.sh [fbsd14|fbsd13 ...]   (default: both)
# Environment: VAGRANT_STEP_TIMEOUT seconds per step (default 1800),
#              KEEP_VMS=1 to leave the VMs running.
set -u
here=$(cd "$(dirname "$0")" && pwd)
cd "$here" || exit 2
step_timeout=${VAGRANT_STEP_TIMEOUT:-1800}
machines=${*:-fbsd14 fbsd13}

fail() { echo "test:freebsd: $*" >&2; exit 2; }

command -v vagrant >/dev/null 2>&1 || fail "Vagrant is not installed: see https://developer.hashicorp.com/vagrant/install, then add a provider (VirtualBox or libvirt)."
boxes=$(timeout 60 vagrant box list 2>/dev/null) || fail "'vagrant box list' failed or hung: is Vagrant working?"
for m in $machines; do
  case $m in
    fbsd14) box=generic/freebsd14 ;;
    fbsd13) box=generic/freebsd13 ;;
    *) fail "unknown machine '$m' (fbsd14, fbsd13)" ;;
  esac
  echo "$boxes" | grep -q "^$box " || fail "the box $box is missing: vagrant box add $box (it would otherwise be downloaded mid-run)."
done

command -v timeout >/dev/null 2>&1 || fail "timeout(1) is needed (coreutils) to keep a stuck VM from hanging the run."
# Run a step with a time limit, so a stuck VM fails the run instead of hanging it.
run() { timeout "$step_timeout" "$@"; }

summary=""
status=0
for m in $machines; do
  echo "=== $m: up"
  if ! run vagrant up "$m" --provision; then
    summary="$summary\n$m: FAILED to come up"; status=1; continue
  fi
  # The suite, as the unprivileged vagrant user: sysgrab must not need root.
  echo "=== $m: npm ci && npm test (as vagrant)"
  if run vagrant ssh "$m" -c 'cd /vagrant && npm ci && npm test' > "$here/$m.log" 2>&1; then
    suite="passed"
  else
    suite="FAILED"; status=1
  fi
  tests=$(grep -E '^ℹ (tests|pass|fail|skipped)' "$here/$m.log" | tr '\n' ' ')
  # With swap off (root), the live no-swap comparison; swap back on after.
  echo "=== $m: live tests with swap off"
  if run vagrant ssh "$m" -c 'sudo swapoff -a && cd /vagrant && SYSGRAB_EXPECT_NO_SWAP=1 node --test build/test/live/freebsd.test.js; s=$?; sudo swapon -a; exit $s' > "$here/$m.noswap.log" 2>&1; then
    noswap="passed"
  else
    noswap="FAILED"; status=1
  fi
  summary="$summary\n$m: suite $suite ($tests); no-swap live tests $noswap; logs: test/freebsd/$m.log, $m.noswap.log"
  [ "${KEEP_VMS:-0}" = 1 ] || run vagrant halt "$m" >/dev/null 2>&1
done
printf '\n=== summary%b\n' "$summary"
exit $status
