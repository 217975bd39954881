#!/bin/sh
# Build the FreeBSD ABI test double: native-shims/build/libfakebsd.so (and
# the C benchmark loop). Rebuilds only when a source is newer. Needs cc.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out="$here/build"
mkdir -p "$out"
CC=${CC:-cc}
lib="$out/libfakebsd.so"
if [ ! -f "$lib" ] || [ "$here/fakebsd.c" -nt "$lib" ]; then
  "$CC" -O2 -g -Wall -Wextra -fPIC -shared -Wl,-Bsymbolic -o "$lib.tmp" "$here/fakebsd.c"
  mv "$lib.tmp" "$lib"
fi
if [ -f "$here/bench-sysctl.c" ] && { [ ! -f "$out/bench-sysctl" ] || [ "$here/bench-sysctl.c" -nt "$out/bench-sysctl" ]; }; then
  "$CC" -O2 -Wall -Wextra -o "$out/bench-sysctl" "$here/bench-sysctl.c" -L"$out" -lfakebsd -Wl,-rpath,"$out"
fi
echo "$lib"
