#!/usr/bin/env bash
# Installs what Kubesharp needs on Debian 12 and is missing. Idempotent: when every package is
# present it changes nothing and needs no network. Later features add their packages here.
set -euo pipefail

packages=(
  etcd-server   # the scale-out store backend; tests and benchmarks run it side by side
  etcd-client   # etcdctl, for looking inside that store by hand
  sqlite3       # the embedded store is SQLite; the CLI helps inspect it
  containerd    # the node's container runtime, spoken to over CRI v1; ships ctr for image import
  runc          # the OCI runtime containerd starts containers with
  containernetworking-plugins  # CNI bridge, host-local, portmap, loopback for pod networking
  nftables      # service rules and CNI portmap on nftables hosts
  conntrack     # the proxy forgets UDP flows of removed endpoints, as kube-proxy does
  dnsperf       # bench/run dns: queries per second against the built-in cluster DNS
  iproute2      # ip netns/link, used by the network sandbox and CNI checks
  busybox-static  # the one binary our pause, busybox and httpd images are built from
  python3-kubernetes  # the official Python client; end-to-end tests prove it accepts the API server
  clang         # Native AOT publish of the kubesharp binary (scripts/publish.sh) links with it
  zlib1g-dev    # ... and with zlib
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ! command -v dotnet >/dev/null 2>&1; then
  echo "install-deps: the .NET 10 SDK is missing; install it first (https://learn.microsoft.com/dotnet/core/install/linux-debian)" >&2
  exit 1
fi

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all packages present" >&2
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
    echo "install-deps: need root to install ${missing[*]}; run as root or install sudo" >&2
    exit 1
  fi
fi

echo "install-deps: installing ${missing[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-deps: done" >&2
