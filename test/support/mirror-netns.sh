#!/bin/bash
# Recreate a Linux fixture's interfaces in the current network namespace, so
# that the ioctls libstatgrab uses (SIOCGIFFLAGS, ETHTOOL_GSET) answer what
# the fixture's sys/class/net files say. Run inside `unshare -m -n` (root).
#   speed file reads N >= 0 -> a tap device, `ethtool -s speed N duplex D`
#   speed file reads -1     -> a bridge (the kernel reports SPEED_UNKNOWN)
#   no speed file           -> an ifb (no ethtool link settings: ETHTOOL_GSET
#                              fails and sysfs speed reads EINVAL)
#   flags & 0x1 (IFF_UP)    -> ip link set up, else down
# Needs iproute2 and ethtool, and the tun, ifb and bridge drivers.
set -eu
fixture=$1
ip link set lo up
for d in "$fixture"/sys/class/net/*; do
  n=$(basename "$d")
  flags=$(cat "$d/flags")
  if [ "$n" != lo ]; then
    if [ -f "$d/speed" ]; then
      s=$(cat "$d/speed")
      if [ "$s" = -1 ]; then
        ip link add "$n" type bridge
      else
        dup=$(cat "$d/duplex" 2>/dev/null || echo full)
        [ "$dup" = unknown ] && dup=full
        ip tuntap add dev "$n" mode tap
        ethtool -s "$n" speed "$s" duplex "$dup" autoneg off
      fi
    else
      ip link add "$n" type ifb
    fi
  fi
  if [ $((flags & 1)) = 1 ]; then ip link set "$n" up; else ip link set "$n" down; fi
done
