#!/usr/bin/env bash
# The test command of README.md and CI: installs what is missing, builds, runs every test.
# Extra arguments go to `dotnet test`, e.g. --filter-trait "Category=Etcd" to run one group alone.
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/install-deps.sh
dotnet test --solution Kubesharp.slnx -c Release "$@"
