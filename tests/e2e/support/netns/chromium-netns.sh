#!/bin/sh
# Chromium in its own network namespace (see isolation.ts for why).
exec unshare --net -- "$KD_NODE" "$(dirname "$0")/launch-in-netns.mjs" "$@"
