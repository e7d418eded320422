#!/usr/bin/env bash
# manifest.json is a valid MCP Bundle manifest (schema, icon) for the pinned MCPB CLI, and its version is
# package.json's. Bounded: the CLI is fetched once by npx (cached after), validation itself takes a second.
set -uo pipefail
cd "$(dirname "$0")/../.."
MCPB_VERSION=2.1.2

out=$(timeout 300 npx -y "@anthropic-ai/mcpb@${MCPB_VERSION}" validate manifest.json 2>&1)
status=$?
if [ "$status" -ne 0 ]; then
  printf '%s\n' "$out" | grep -v '^npm warn'
  echo "mcpb-validate: FAILED: mcpb@${MCPB_VERSION} validate manifest.json exited $status"
  exit 1
fi
if ! node -e '
  const m = require("./manifest.json"), p = require("./package.json");
  if (m.version !== p.version) { console.error(`manifest.json version ${m.version} != package.json ${p.version}`); process.exit(1); }
'; then
  echo "mcpb-validate: FAILED: version mismatch (run npm run docs)"
  exit 1
fi
echo "mcpb-validate: ok: manifest.json passes mcpb@${MCPB_VERSION} validate (manifest_version $(node -p 'require("./manifest.json").manifest_version'), version $(node -p 'require("./package.json").version'))"
