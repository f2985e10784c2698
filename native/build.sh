#!/usr/bin/env sh
# Configures and builds the native library with CMake; called by the Maven build (java/pom.xml).
#   native/build.sh <repository root> <build dir> [extra cmake arguments...]
# Without cmake or a C++ compiler it prints a warning and exits 0: the Java build then goes on
# without the native library and the pure-Java backend is used. With the tools present, a failing
# build is an error.
set -eu
src="$1"; out="$2"; shift 2
if ! command -v cmake >/dev/null 2>&1; then
  echo "[WARNING] coprover native: cmake not found; building without the native library (pure-Java backend only)" >&2
  exit 0
fi
if ! command -v "${CXX:-c++}" >/dev/null 2>&1 && ! command -v g++ >/dev/null 2>&1 && ! command -v clang++ >/dev/null 2>&1; then
  echo "[WARNING] coprover native: no C++ compiler found; building without the native library (pure-Java backend only)" >&2
  exit 0
fi
mkdir -p "$out"
cmake -S "$src" -B "$out" -DCMAKE_BUILD_TYPE=Release "$@" >"$out.configure.log" 2>&1 || {
  cat "$out.configure.log" >&2; echo "coprover native: cmake configure failed" >&2; exit 1; }
grep -E "coprover:" "$out.configure.log" || true
jobs=$( (nproc || echo 2) 2>/dev/null)
cmake --build "$out" --parallel "$jobs"
