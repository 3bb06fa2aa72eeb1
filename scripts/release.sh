#!/usr/bin/env bash
# Release build: mwaanet for linux, darwin and windows on amd64 and arm64, built with
# -trimpath (no build paths in the binary) and CGO_ENABLED=0 (static, cross-compiles with
# the Go toolchain alone), the version and commit stamped with -ldflags (mwaanet version
# prints them), and a SHA256SUMS file over the archives' binaries.
#
# usage: scripts/release.sh VERSION [OUTDIR] [GOOS/GOARCH ...]
#   VERSION  the release's version, e.g. v1.2.0 (the tag)
#   OUTDIR   where the binaries go (default dist/); it must not exist or be empty
#   targets  default: every supported target; CI builds one (e.g. linux/amd64)
#
# Binaries are named mwaanet_VERSION_GOOS_GOARCH[.exe]. The commit is git's HEAD; a
# checkout with uncommitted changes is refused unless MWAANET_ALLOW_DIRTY=1 (the commit
# is then marked -dirty).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ $# -lt 1 ]; then
  echo "usage: scripts/release.sh VERSION [OUTDIR] [GOOS/GOARCH ...]" >&2
  exit 2
fi
version=$1; shift
out=${1:-dist}; [ $# -gt 0 ] && shift
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(linux/amd64 linux/arm64 darwin/amd64 darwin/arm64 windows/amd64 windows/arm64)
fi
case $version in
  v[0-9]*) ;;
  *) echo "release: VERSION must look like v1.2.3, not $version" >&2; exit 2 ;;
esac
if [ -e "$out" ] && [ -n "$(ls -A "$out")" ]; then
  echo "release: $out is not empty; remove it or name another directory" >&2
  exit 2
fi

commit=$(git rev-parse HEAD)
if [ -n "$(git status --porcelain --untracked-files=no)" ]; then
  if [ "${MWAANET_ALLOW_DIRTY:-}" != 1 ]; then
    echo "release: the checkout has uncommitted changes (MWAANET_ALLOW_DIRTY=1 builds anyway)" >&2
    exit 2
  fi
  commit="$commit-dirty"
fi

pkg=github.com/mwaanet/mwaanet/internal/cli
ldflags="-s -w -X $pkg.releaseVersion=$version -X $pkg.releaseCommit=$commit"
mkdir -p "$out"
for t in "${targets[@]}"; do
  goos=${t%/*}; goarch=${t#*/}
  name="mwaanet_${version}_${goos}_${goarch}"
  [ "$goos" = windows ] && name="$name.exe"
  echo "building $name"
  CGO_ENABLED=0 GOOS=$goos GOARCH=$goarch GOFLAGS=-buildvcs=false \
    go build -trimpath -ldflags "$ldflags" -o "$out/$name" ./cmd/mwaanet
done
(cd "$out" && sha256sum mwaanet_* > SHA256SUMS)
echo "wrote $(ls "$out" | wc -l) files to $out"
