#!/usr/bin/env bash
# The MCP Inspector CLI lists the built server's tools in sandbox mode with --strict, which checks every tool
# schema for portability across clients and model providers. Any problem it reports, error or warning,
# fails the check. The Inspector needs Node 22, fetched as an npm package so the machine's Node stays 20.
set -uo pipefail
cd "$(dirname "$0")/../.."
INSPECTOR_VERSION=2.12.0
NODE_VERSION=22.23.3

if [ ! -f dist/index.js ]; then
  if ! build_out=$(timeout 300 npm run --silent build 2>&1); then
    printf '%s\n' "$build_out" | tail -20
    echo "inspector: FAILED: npm run build failed"
    exit 1
  fi
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The Inspector keeps a server catalog; point it at a throwaway file instead of the home directory.
export MCP_CATALOG_PATH="$work/catalog.json"

timeout 300 npx -y -p "node@${NODE_VERSION}" -p "@modelcontextprotocol/inspector@${INSPECTOR_VERSION}" \
  mcp-inspector --cli node dist/index.js --sandbox --method tools/list --strict \
  >"$work/out.json" 2>"$work/err.txt"
status=$?
# The Inspector's findings, without npm's install chatter and the server's own log lines.
grep -v -e '^npm warn' -e '^\[drata-personnel-mcp\]' "$work/err.txt" >"$work/findings.txt"

tools=$(node -e '
  try { const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); console.log(r.tools.length); }
  catch { console.log(0); }
' "$work/out.json")
summary=$(grep -E '[0-9]+ errors?, [0-9]+ warnings?' "$work/findings.txt" | tail -1)
problems=$(grep -cE '^(Error|Warning)\b' "$work/findings.txt")

if [ "$status" -ne 0 ] || [ "$tools" -eq 0 ] || [ "$problems" -gt 0 ] || { [ -n "$summary" ] && ! grep -qE '^0 errors?, 0 warnings?' <<<"$summary"; }; then
  cat "$work/findings.txt"
  echo "inspector: FAILED: mcp-inspector@${INSPECTOR_VERSION} --strict exit $status, ${tools} tools listed, ${summary:-$problems problem(s)}"
  exit 1
fi
echo "inspector: ok: mcp-inspector@${INSPECTOR_VERSION} --cli --strict tools/list: ${tools} tools, ${summary:-no portability problems}"
