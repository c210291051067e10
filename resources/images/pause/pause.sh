#!/bin/sh
# The pause process: PID 1 of a pod sandbox. It holds the network namespace
# and exits promptly on SIGTERM/SIGINT so sandbox teardown is fast.
trap 'exit 0' TERM INT
while :; do
  sleep 3600 &
  wait $!
done
