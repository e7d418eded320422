#!/usr/bin/env bash
# MCP conformance suite against the HTTP transport (built by .ci/run before the checks run).
set -euo pipefail
cd "$(dirname "$0")/../.."
CONFORMANCE_SKIP_BUILD=1 bash scripts/conformance.sh
