#!/bin/sh
# Regenerates, for every Linux fixture case with a proc/meminfo, what the real oracles make of it:
#   expected/node_exporter-1.5.prom  Debian's prometheus-node-exporter 1.5 run with
#       --path.procfs=<case>/proc --path.sysfs=<case>/sys (an empty directory when the case has
#       no sys/, so that this machine's /sys never shows) --collector.disable-defaults
#       --collector.meminfo --collector.pressure --collector.cpu --collector.loadavg
#       --collector.stat --web.disable-exporter-metrics, its /metrics minus the two
#       non-deterministic families (node_scrape_collector_duration_seconds, node_exporter_build_info)
#   expected/promtool-2.42.txt       promtool check metrics on that file (stdout and stderr)
#   expected/meminfo.json            getMeminfo()'s expected result, computed by awk from the
#       documented /proc/meminfo format ("Key: value kB" -> value * 1024; a line without a
#       unit, the HugePages_* page counts, is the value itself); not written for a case whose
#       meminfo is malformed (the getter must throw PARSE there)
#   expected/node_exporter-1.5-diskstats-netdev.prom  for a case with proc/diskstats (the fs/disk/net
#       cases): the same binary with --collector.disable-defaults --collector.diskstats
#       --collector.netdev --no-collector.netdev.netlink (1.5 reads netlink by default, which is this
#       machine's namespace, not the case's /proc/net/dev) and --path.udev.data=<an empty directory>
#       (no udev properties of this machine in node_disk_info), minus the same two families
#   expected/promtool-2.42-diskstats-netdev.txt  promtool check metrics on that file
# node_exporter runs on 127.0.0.1 with an ephemeral port and is stopped after each case.
# Run: sh test/support/capture-node-exporter.sh [case...]
set -eu
root=$(cd "$(dirname "$0")/../fixtures/linux" && pwd)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
if [ $# -eq 0 ]; then set -- $(cd "$root" && ls -d */ | tr -d /); fi
# scrape <port> <pid> <output>: fetch /metrics once node_exporter answers, stop it, drop the two
# non-deterministic families.
scrape() {
  i=0
  until curl -sf -o "$3.raw" http://127.0.0.1:$1/metrics; do
    i=$((i + 1)); [ $i -lt 50 ] || { kill $2; echo "node_exporter did not answer" >&2; exit 1; }
    sleep 0.1
  done
  kill $2; wait $2 2>/dev/null || true
  grep -v -e 'node_scrape_collector_duration_seconds' -e 'node_exporter_build_info' "$3.raw" > "$3"
  rm "$3.raw"
}
for name in "$@"; do
  case="$root/$name"
  if [ -f "$case/proc/diskstats" ]; then
    mkdir -p "$case/expected"
    port=$(free_port)
    udev=$(mktemp -d)
    prometheus-node-exporter --web.listen-address=127.0.0.1:$port --path.procfs="$case/proc" \
      --path.sysfs="$case/sys" --path.udev.data="$udev" --collector.disable-defaults \
      --collector.diskstats --collector.netdev --no-collector.netdev.netlink \
      --web.disable-exporter-metrics >/dev/null 2>&1 &
    scrape $port $! "$case/expected/node_exporter-1.5-diskstats-netdev.prom"
    rmdir "$udev"
    promtool check metrics < "$case/expected/node_exporter-1.5-diskstats-netdev.prom" \
      > "$case/expected/promtool-2.42-diskstats-netdev.txt" 2>&1 || true
  fi
  [ -f "$case/proc/meminfo" ] || continue
  mkdir -p "$case/expected"
  port=$(free_port)
  empty=""
  if [ -d "$case/sys" ]; then sys="$case/sys"; else empty=$(mktemp -d); sys="$empty"; fi
  prometheus-node-exporter --web.listen-address=127.0.0.1:$port --path.procfs="$case/proc" \
    --path.sysfs="$sys" --collector.disable-defaults --collector.meminfo --collector.pressure \
    --collector.cpu --collector.loadavg --collector.stat \
    --web.disable-exporter-metrics >/dev/null 2>&1 &
  pid=$!
  i=0
  until curl -sf -o "$case/expected/raw.prom" http://127.0.0.1:$port/metrics; do
    i=$((i + 1)); [ $i -lt 50 ] || { kill $pid; echo "node_exporter did not answer" >&2; exit 1; }
    sleep 0.1
  done
  kill $pid; wait $pid 2>/dev/null || true
  [ -z "$empty" ] || rmdir "$empty"
  grep -v -e 'node_scrape_collector_duration_seconds' -e 'node_exporter_build_info' \
    "$case/expected/raw.prom" > "$case/expected/node_exporter-1.5.prom"
  rm "$case/expected/raw.prom"
  promtool check metrics < "$case/expected/node_exporter-1.5.prom" > "$case/expected/promtool-2.42.txt" 2>&1 || true
  if grep -q -v -E '^[A-Za-z0-9_()]+: +[0-9]+( kB)?$' "$case/proc/meminfo"; then
    rm -f "$case/expected/meminfo.json"
  else
    awk 'BEGIN { printf "{"; sep = "" }
         { key = $1; sub(/:$/, "", key); v = $2 + 0; if (NF == 3) v = v * 1024;
           printf "%s\n  \"%s\": %.0f", sep, key, v; sep = "," }
         END { printf "\n}\n" }' "$case/proc/meminfo" > "$case/expected/meminfo.json"
  fi
done
