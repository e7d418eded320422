#!/usr/bin/env bash
# The generated parts of README.md (configuration, tools, resources, prompts, permissions) and manifest.json
# (version, tools, prompts) match the code. Builds first (incremental) because the generator reads dist/.
set -uo pipefail
cd "$(dirname "$0")/../.."

if ! build_out=$(timeout 300 npm run --silent build 2>&1); then
  printf '%s\n' "$build_out" | tail -20
  echo "docs: FAILED: npm run build failed, cannot generate the docs"
  exit 1
fi
if ! timeout 120 node scripts/gen-docs.mjs --check; then
  echo "docs: FAILED: README.md / manifest.json are stale: run npm run build && npm run docs"
  exit 1
fi
