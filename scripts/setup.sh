#!/usr/bin/env bash
# Installs the Debian packages eventc needs (only those missing); given BUILD_DIR [MESON_OPTIONS...], configures a build there.
set -euo pipefail
pkgs=(meson ninja-build pkg-config gcc clang make cmake python3 libyaml-dev libjansson-dev libcmocka-dev libsqlite3-dev valgrind nats-server libnats-dev)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi
if [ $# -ge 1 ]; then
  root=$(cd "$(dirname "$0")/.." && pwd)
  dir=$1
  shift
  if [ -f "$dir/build.ninja" ]; then
    meson setup --reconfigure "$dir" "$root" "$@" >/dev/null
  else
    meson setup "$dir" "$root" "$@" >/dev/null
  fi
fi
