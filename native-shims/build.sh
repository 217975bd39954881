#!/bin/sh
# Build the ABI test doubles: every folder native-shims/<double>/ holding .c
# files becomes native-shims/build/lib<double>.so; every native-shims/bench/
# <double>-<name>.c becomes native-shims/build/bench-<double>-<name>, linked
# against its double (the C baselines of npm run bench). common/ holds
# headers the doubles share. Rebuilds only what is older than its sources. Needs cc. Prints the path of each library built
# or found, libfakebsd.so last.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out="$here/build"
mkdir -p "$out"
CC=${CC:-cc}
newer() { # newer TARGET SOURCE...: is any source newer than the target (or the target missing)?
  target=$1; shift
  [ -f "$target" ] || return 0
  for s in "$@"; do [ "$s" -nt "$target" ] && return 0; done
  return 1
}
libs=""
for dir in "$here"/*/; do
  name=$(basename "$dir")
  case "$name" in build|bench|common) continue ;; esac
  set -- "$dir"*.c
  [ -f "$1" ] || continue
  lib="$out/lib$name.so"
  if newer "$lib" "$dir"*.c "$dir"*.h "$here"/common/*.h 2>/dev/null; then
    "$CC" -O2 -g -Wall -Wextra -fPIC -shared -Wl,-Bsymbolic -I"$dir" -o "$lib.tmp.$$" "$dir"*.c
    mv "$lib.tmp.$$" "$lib"
  fi
  [ "$name" = fakebsd ] || libs="$libs $lib"
done
for src in "$here"/bench/*.c; do
  [ -f "$src" ] || continue
  base=$(basename "$src" .c)
  double=${base%%-*}
  bin="$out/bench-$base"
  if newer "$bin" "$src" "$out/libfake$double.so" "$here"/bench/*.h 2>/dev/null; then
    "$CC" -O2 -Wall -Wextra -o "$bin.tmp.$$" "$src" -L"$out" -l"fake$double" -Wl,-rpath,"$out"
    mv "$bin.tmp.$$" "$bin"
  fi
done
for l in $libs; do echo "$l"; done
echo "$out/libfakebsd.so"
