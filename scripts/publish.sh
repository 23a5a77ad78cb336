#!/usr/bin/env bash
# Publishes the kubesharp binary with Native AOT (one self-contained file, no .NET runtime needed)
# into artifacts/aot/kubesharp. Needs clang and zlib1g-dev (scripts/install-deps.sh installs them).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
dotnet publish src/Kubesharp -c Release -r linux-x64 -p:PublishAot=true -o artifacts/aot -nologo -v quiet "$@" >&2
ls -l artifacts/aot/kubesharp >&2
