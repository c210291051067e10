#!/usr/bin/env bash
# bootstrap.sh: make this machine ready to build and test Kubedeck.
# Installs (only what is missing) the Debian packages the suites need, starts a
# Docker engine when none answers, and builds the local images (no registry is
# reachable here, see docs/architecture.md). Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

# python3-kubernetes: the official Python client, a second real client (tests/python/scenario.py).
packages=(docker.io busybox-static chromium haproxy etcd-server etcd-client python3-kubernetes)
need=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "bootstrap: missing packages ${need[*]}; run as root or install them" >&2
    exit 1
  fi
  echo "bootstrap: installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# A Docker engine: keep the one that answers, otherwise start dockerd.
if ! docker info >/dev/null 2>&1; then
  echo "bootstrap: starting dockerd"
  mkdir -p /var/log
  nohup dockerd >/var/log/kubedeck-dockerd.log 2>&1 &
  for _ in $(seq 1 120); do
    docker info >/dev/null 2>&1 && break
    sleep 0.5
  done
  docker info >/dev/null 2>&1 || { echo "bootstrap: dockerd did not come up; see /var/log/kubedeck-dockerd.log" >&2; tail -20 /var/log/kubedeck-dockerd.log >&2; exit 1; }
fi
echo "bootstrap: docker $(docker version --format '{{.Server.Version}}') answers"

bash scripts/build-images.sh
