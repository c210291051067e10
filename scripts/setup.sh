#!/usr/bin/env bash
# setup.sh: install what Kubedeck needs and is missing; nothing when nothing is.
#
#   scripts/setup.sh app    what the app needs: npm dependencies, a Docker engine
#                           that answers, the local images (busybox, pause, haproxy)
#   scripts/setup.sh test   the same, plus what the suites need: Chromium, etcd, the Python client, kubectl
#
# On Linux as root with apt (Debian, Ubuntu) it installs the missing Debian
# packages and starts dockerd. Anywhere else it says what to install: for the
# app that is a warning (the control plane and UI start without Docker), for
# the tests an error. `./run` and `./test` call it; safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=${1:-app}
case "$mode" in app | test) ;; *) echo "usage: scripts/setup.sh app|test [--as COMMAND]" >&2; exit 2 ;; esac
# The command the user typed (./run, ./test), for the advice to run it as root.
command_name="scripts/setup.sh $mode"
[ "${2:-}" = --as ] && command_name=${3:-$command_name}

say() { echo "setup: $*"; }
warn() { echo "setup: $*" >&2; }

os=$(uname -s)
can_install=false
if [ "$os" = Linux ] && [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1 && command -v dpkg-query >/dev/null 2>&1; then
  can_install=true
fi
# How a user who cannot be helped here gets a package: the Debian name, as root.
how_to_install() {
  if [ "$os" = Linux ]; then echo "run this as root (sudo $command_name) to install the Debian packages, or install them yourself: $*"
  else echo "install: $*"; fi
}

# --- Debian packages -------------------------------------------------------
# The app: Docker, static busybox (the busybox and pause images are built from
# it) and haproxy (the Service proxy image). The tests add Chromium and etcd.
# Each as package:command; a package is skipped when the command is already
# there from elsewhere (Docker CE's docker-ce conflicts with docker.io).
# docker.io is checked by dockerd: a docker CLI alone (seen: /usr/local/bin/docker without an engine) cannot run pods.
packages=(docker.io:dockerd busybox-static: haproxy:haproxy)
# python3-kubernetes: the official Python client, the suite's second real client (tests/python/scenario.py);
# kubectx: kubectx and kubens, which switch context and namespace in Kubedeck's kubeconfig (tests/integration/kubectx-kubens.test.ts);
# jq: the audit log test reads <data-dir>/audit.log with it (tests/integration/audit-log.test.ts);
# docker-registry: the pull-progress test serves an image from its own registry on 127.0.0.1 (tests/e2e/pull-progress.spec.ts).
[ "$mode" = test ] && packages+=(chromium:chromium etcd-server:etcd etcd-client:etcdctl python3-kubernetes: kubectx:kubens jq:jq docker-registry:docker-registry)
# openssh-server: the ssh:// remote node test runs an sshd in a network namespace (tests/integration/remote-ssh-services.test.ts).
[ "$mode" = test ] && packages+=(openssh-server:)
command -v npm >/dev/null 2>&1 || packages+=(npm:npm)
if $can_install; then
  need=()
  for entry in "${packages[@]}"; do
    pkg=${entry%%:*} cmd=${entry#*:}
    [ -n "$cmd" ] && command -v "$cmd" >/dev/null 2>&1 && continue
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || need+=("$pkg")
  done
  if [ ${#need[@]} -gt 0 ]; then
    say "installing ${need[*]} (apt-get)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  fi
fi

# --- npm dependencies --------------------------------------------------------
# npm ci when node_modules is missing or does not hold what package-lock.json pins.
command -v npm >/dev/null 2>&1 || { warn "npm is missing: install Node.js (any recent version, with npm; the project pins Node 24 itself) and run this again"; exit 1; }
if ! node scripts/npm-deps-fresh.mjs; then
  say "installing npm dependencies (npm ci)"
  npm ci --prefer-offline --no-audit --no-fund --loglevel=error
fi

# --- Docker engine -----------------------------------------------------------
problems=()
docker_error() { docker info --format '{{.ServerVersion}}' 2>&1 >/dev/null | tail -1; }
docker_up() { command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; }
# Only the local engine is ours to start: DOCKER_HOST names another one.
if ! docker_up && $can_install && [ -z "${DOCKER_HOST:-}" ]; then
  say "starting the Docker engine"
  if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
    systemctl start docker || true
  else
    mkdir -p /var/log
    nohup dockerd >/var/log/kubedeck-dockerd.log 2>&1 &
  fi
  for _ in $(seq 1 120); do docker_up && break; sleep 0.5; done
  docker_up || { warn "dockerd did not come up; see /var/log/kubedeck-dockerd.log or journalctl -u docker"; tail -20 /var/log/kubedeck-dockerd.log >&2 2>/dev/null || true; exit 1; }
fi
if docker_up; then
  docker_version=$(docker version --format '{{.Server.Version}}' 2>/dev/null || echo '?')
elif ! command -v docker >/dev/null 2>&1; then
  case "$os" in
    Darwin) problems+=("no Docker engine: install Docker Desktop (or Podman with its Docker socket) and start it") ;;
    Linux) problems+=("no Docker engine: $(how_to_install docker.io) (or Docker Engine, or Podman's Docker socket), then start it") ;;
    *) problems+=("no Docker engine: install Docker Desktop and start it") ;;
  esac
else
  problems+=("Docker is installed but no engine answers ($(docker_error)): start it (Docker Desktop, or 'sudo systemctl start docker'; as a user, join the docker group)")
fi

# --- Local images (built here, no registry) ----------------------------------
have_image() { docker image inspect "$1" >/dev/null 2>&1; }
images=(kubedeck/busybox:latest kubedeck/pause:3.10 kubedeck/haproxy:latest)
if docker_up; then
  missing_images=()
  for image in "${images[@]}"; do have_image "$image" || missing_images+=("$image"); done
  if [ ${#missing_images[@]} -gt 0 ]; then
    if ! command -v busybox >/dev/null 2>&1; then
      problems+=("the local images (${missing_images[*]}) are built from a static busybox: $(how_to_install busybox-static)")
    else
      bash scripts/build-images.sh
      have_image kubedeck/haproxy:latest || problems+=("Services need the kubedeck/haproxy image, built from the haproxy binary: $(how_to_install haproxy)")
    fi
  fi
fi

# --- What only the tests need ------------------------------------------------
if [ "$mode" = test ]; then
  command -v chromium >/dev/null 2>&1 || problems+=("the UI tests need Chromium: $(how_to_install chromium)")
  command -v etcd >/dev/null 2>&1 || problems+=("the etcd store tests need etcd: $(how_to_install etcd-server etcd-client)")
  /usr/bin/python3 -c 'import kubernetes' >/dev/null 2>&1 || problems+=("the Python client scenario needs Debian's python3-kubernetes: $(how_to_install python3-kubernetes)")
  command -v kubens >/dev/null 2>&1 || problems+=("the kubectx/kubens test needs them: $(how_to_install kubectx)")
  command -v jq >/dev/null 2>&1 || problems+=("the audit log test reads the log with jq: $(how_to_install jq)")
  command -v docker-registry >/dev/null 2>&1 || problems+=("the pull-progress test serves an image from a local registry: $(how_to_install docker-registry)")
  command -v kubectl >/dev/null 2>&1 || problems+=("the tests need kubectl 1.27-1.33 on PATH: see https://kubernetes.io/docs/tasks/tools/")
fi

if [ ${#problems[@]} -gt 0 ]; then
  for p in "${problems[@]}"; do warn "$p"; done
  if [ "$mode" = test ]; then
    warn "the tests cannot run until these are installed"
    exit 1
  fi
  if docker_up; then warn "Kubedeck starts anyway; what needs these does not work until they are installed"
  else warn "Kubedeck starts its control plane and UI anyway; pods run once a Docker engine answers"; fi
  exit 0
fi
say "ready (npm dependencies, Docker ${docker_version:-?}, images$([ "$mode" = test ] && echo ', Chromium, etcd, kubectl'))"
