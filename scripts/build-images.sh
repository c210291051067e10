#!/usr/bin/env bash
# build-images.sh: build the local images Kubedeck's tests use, with no registry.
# Each image is a rootfs assembled here and loaded with `docker import`
# (recipes under resources/images/). Rebuilds only what is missing unless --force.
set -euo pipefail
cd "$(dirname "$0")/.."
force=${1:-}

busybox_bin=$(command -v busybox || true)
[ -n "$busybox_bin" ] && [ -x /bin/busybox ] && busybox_bin=/bin/busybox
[ -n "$busybox_bin" ] || { echo "build-images: busybox-static is required" >&2; exit 1; }

have() { docker image inspect "$1" >/dev/null 2>&1; }

# busybox rootfs: every applet linked, /etc basics, /tmp.
busybox_rootfs() {
  local root=$1
  mkdir -p "$root"/{bin,sbin,etc,tmp,var/www,root,proc,sys,dev,usr/bin,usr/sbin}
  chmod 1777 "$root/tmp"
  cp "$busybox_bin" "$root/bin/busybox"
  for applet in $("$busybox_bin" --list); do
    [ "$applet" = busybox ] || ln -sf /bin/busybox "$root/bin/$applet"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' >"$root/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
}

import_image() { # name rootfs cmd-json [extra --change...]
  local name=$1 root=$2 cmd=$3; shift 3
  tar -C "$root" -c . | docker import --change "CMD $cmd" --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' "$@" - "$name" >/dev/null
  echo "build-images: built $name"
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# kubedeck/busybox: the general test image (sh, sleep, httpd, wget, nc).
if [ "$force" = --force ] || ! have kubedeck/busybox:latest; then
  busybox_rootfs "$tmp/busybox"
  import_image kubedeck/busybox:latest "$tmp/busybox" '["sh"]'
fi
docker tag kubedeck/busybox:latest busybox:latest

# kubedeck/pause: the sandbox that owns a pod's network namespace. It only
# needs to sleep until told to stop; see resources/images/pause/README.md.
if [ "$force" = --force ] || ! have kubedeck/pause:3.10; then
  mkdir -p "$tmp/pause/bin"
  cp "$busybox_bin" "$tmp/pause/bin/busybox"
  cp resources/images/pause/pause.sh "$tmp/pause/pause"
  chmod +x "$tmp/pause/pause"
  ln -sf /bin/busybox "$tmp/pause/bin/sh"
  import_image kubedeck/pause:3.10 "$tmp/pause" '["/pause"]'
fi

# kubedeck/haproxy: the Service proxy (haproxy binary plus the libraries it links).
if command -v haproxy >/dev/null 2>&1 && { [ "$force" = --force ] || ! have kubedeck/haproxy:latest; }; then
  root="$tmp/haproxy"
  busybox_rootfs "$root"
  hp=$(command -v haproxy)
  mkdir -p "$root/usr/sbin" "$root/usr/local/etc/haproxy" "$root/run"
  cp "$hp" "$root/usr/sbin/haproxy"
  ldd "$hp" | awk '/=>/ {print $3} $1 ~ /^\// {print $1}' | while read -r lib; do
    [ -n "$lib" ] && [ -e "$lib" ] || continue
    mkdir -p "$root$(dirname "$lib")"
    cp -L "$lib" "$root$lib"
  done
  import_image kubedeck/haproxy:latest "$root" '["/usr/sbin/haproxy","-W","-db","-f","/usr/local/etc/haproxy/haproxy.cfg"]'
fi
