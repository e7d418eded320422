#!/usr/bin/env bash
# MCP conformance suite against the HTTP transport (built by .ci/run before the checks run): spec 2025-11-25
# (2025-era clients: initialize, sessions) and spec 2026-07-28 (stateless requests), each with its baseline.
set -euo pipefail
cd "$(dirname "$0")/../.."
CONFORMANCE_SKIP_BUILD=1 bash scripts/conformance.sh
CONFORMANCE_SKIP_BUILD=1 CONFORMANCE_SPEC_VERSION=2026-07-28 bash scripts/conformance.sh
