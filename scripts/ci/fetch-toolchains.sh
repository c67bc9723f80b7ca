#!/usr/bin/env bash
# CI set-up (the only test step that uses the real proxy): fetch Go toolchains as the go command
# does, through GOTOOLCHAIN, into a cache kept between runs.
#  - MATRIX_GO: the oldest Go ModVault supports; the Go-facing tests run again with its bin/go.
#  - REAL_TOOLCHAIN: a real golang.org/toolchain module newer than the machine's Go, served by
#    tests from a local file:// proxy (toolchain-proxy/) with a local checksum database.
# Prints the matrix Go's bin directory.
set -euo pipefail
MATRIX_GO=${MATRIX_GO:-go1.21.13}
REAL_TOOLCHAIN=${REAL_TOOLCHAIN:-go1.27.3}
cache=${MODVAULT_CI_CACHE:-$HOME/.cache/modvault-ci}
mod=$cache/modcache
platform=$(go env GOOS)-$(go env GOARCH)
for t in "$MATRIX_GO" "$REAL_TOOLCHAIN"; do
  if [ ! -x "$mod/golang.org/toolchain@v0.0.1-$t.$platform/bin/go" ]; then
    (cd / && GOMODCACHE=$mod GOPATH=$cache/gopath GOTOOLCHAIN=$t GOENV=off GOFLAGS= go version) >&2
  fi
done
proxy=$cache/toolchain-proxy/golang.org/toolchain/@v
mkdir -p "$proxy"
v=v0.0.1-$REAL_TOOLCHAIN.$platform
if [ ! -f "$proxy/$v.zip" ]; then
  cp "$mod/cache/download/golang.org/toolchain/@v/$v.zip" "$proxy/$v.zip.tmp"
  mv "$proxy/$v.zip.tmp" "$proxy/$v.zip"
fi
printf 'module golang.org/toolchain\n' > "$proxy/$v.mod"
printf '{"Version":"%s","Time":"2026-01-01T00:00:00Z"}' "$v" > "$proxy/$v.info"
printf '%s\n' "$v" > "$proxy/list"
# The tests also run go as "nobody", who cannot enter root's home: the matrix Go gets a copy
# everyone can read.
dest=${MODVAULT_CI_GOROOTS:-/opt/modvault-ci}/$MATRIX_GO.$platform
if [ ! -x "$dest/bin/go" ]; then
  rm -rf "$dest.tmp"
  mkdir -p "$(dirname "$dest")"
  cp -a "$mod/golang.org/toolchain@v0.0.1-$MATRIX_GO.$platform" "$dest.tmp"
  chmod -R u+w,a+rX "$dest.tmp"
  mv "$dest.tmp" "$dest"
fi
echo "$dest/bin"
