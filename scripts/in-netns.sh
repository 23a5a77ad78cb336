#!/usr/bin/env bash
# Runs CMD in a fresh network namespace: only loopback (up), no default route, no link to the
# host's interfaces, so anything that gives pods addresses (CNI bridge, nftables, DNS) cannot send
# a packet off the machine. Tests and developers use it as the "network sandbox" of ARCHITECTURE.md.
# CMD sees KUBESHARP_NETNS=1. Usage: scripts/in-netns.sh CMD [ARGS...]
set -euo pipefail

if [ $# -eq 0 ]; then
  echo "usage: in-netns.sh CMD [ARGS...]" >&2
  exit 2
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "in-netns: needs root (network namespaces, bridges and veths)" >&2
  exit 1
fi

# shellcheck disable=SC2016 # expanded by the inner shell, inside the new namespace
exec unshare --net -- /bin/sh -c 'ip link set lo up && KUBESHARP_NETNS=1 exec "$@"' in-netns "$@"
