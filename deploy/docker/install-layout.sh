#!/bin/sh
# Lays out an installed srs-swift under PREFIX the way SRS's `make install` does (srs-facts §12):
#   PREFIX/objs/srs  PREFIX/conf/*  PREFIX/objs/nginx/html/  PREFIX/etc/init.d/srs (ROOT=PREFIX)
# Used by the Dockerfile's build stage and by scripts/docker-rootfs-check.sh, so both ship the same tree.
# Usage: [DESTDIR=DIR] deploy/docker/install-layout.sh BINARY PREFIX   (from the repository root)
# With DESTDIR the tree goes to DESTDIR/PREFIX but the init script's ROOT stays PREFIX (staging).
set -eu

if [ $# -ne 2 ]; then
    echo "usage: $0 BINARY PREFIX" >&2
    exit 2
fi
binary=$1
prefix=$2
dest="${DESTDIR:-}$prefix"

mkdir -p "$dest/objs/nginx/html" "$dest/conf" "$dest/etc/init.d"
cp "$binary" "$dest/objs/srs"
chmod 755 "$dest/objs/srs"
cp -R conf/. "$dest/conf/"
if [ -d objs/nginx/html ]; then
    cp -R objs/nginx/html/. "$dest/objs/nginx/html/"
fi
# SRS compat: `make install` rewrites the init script's ROOT to the install prefix.
sed "s|^ROOT=\"./\"\$|ROOT=\"$prefix\"|" etc/init.d/srs > "$dest/etc/init.d/srs"
chmod 755 "$dest/etc/init.d/srs"
grep -q "^ROOT=\"$prefix\"\$" "$dest/etc/init.d/srs" || { echo "ROOT not rewritten in init script" >&2; exit 1; }
