#!/usr/bin/env bash
# Runs the official MCP conformance suite (@modelcontextprotocol/conformance, server mode) against the
# built server over Streamable HTTP: `node dist/index.js --sandbox --transport http` on a free loopback
# port, with the explicit no-token opt-out MCP_HTTP_INSECURE_NO_AUTH (the suite cannot send a token; this
# is the trusted test setup the opt-out exists for).
#
# Every server scenario of spec 2025-11-25 runs (--suite all); the scenarios that need the suite's own
# fixture tools/prompts/resources are listed, with reasons, in test/conformance-baseline.yml. Exits
# non-zero on any unexpected failure, on a stale baseline entry, or when nothing ran, and always ends
# with one summary line.
#
# Environment:
#   CONFORMANCE_VERSION       suite version (pinned below; bump deliberately, reconcile the baseline)
#   CONFORMANCE_SPEC_VERSION  spec revision to test (default 2025-11-25)
#   CONFORMANCE_TIMEOUT       seconds for the whole suite run (default 600)
#   CONFORMANCE_URL           test an already running server instead of starting one
#   CONFORMANCE_SKIP_BUILD=1  use the existing dist/ instead of building first
#   CONFORMANCE_KEEP=DIR      copy the raw results (checks.json per scenario) and logs to DIR
#   CONFORMANCE_BASELINE      baseline file (default test/conformance-baseline.yml; for another spec
#                             revision test/conformance-baseline-<spec>.yml, scenarios likewise)
#
# test/conformance-scenarios.yml must list exactly the scenarios the suite runs (the README's list of passing
# scenarios is generated from it and the baseline); a difference fails the run.
set -uo pipefail

cd "$(dirname "$0")/.." || exit 2
VERSION="${CONFORMANCE_VERSION:-0.2.0-alpha.12}"
SPEC="${CONFORMANCE_SPEC_VERSION:-2025-11-25}"
LIMIT="${CONFORMANCE_TIMEOUT:-600}"
# 2025-11-25 keeps the historical file names; every other revision has its own pair.
if [ "$SPEC" = "2025-11-25" ]; then SUFFIX=""; else SUFFIX="-$SPEC"; fi
BASELINE="${CONFORMANCE_BASELINE:-test/conformance-baseline$SUFFIX.yml}"
SCENARIOS="test/conformance-scenarios$SUFFIX.yml"
WORK="$(mktemp -d)"
SERVER_PID=""

say() { printf 'conformance: %s\n' "$*" >&2; }

cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null
    for _ in $(seq 1 50); do
      kill -0 "$SERVER_PID" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$SERVER_PID" 2>/dev/null
  fi
  if [ -n "${CONFORMANCE_KEEP:-}" ]; then
    mkdir -p "$CONFORMANCE_KEEP" && cp -r "$WORK"/. "$CONFORMANCE_KEEP"/ 2>/dev/null
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fail() {
  say "$*"
  echo "conformance: FAIL ($*)"
  exit 1
}

URL="${CONFORMANCE_URL:-}"
if [ -z "$URL" ]; then
  if [ "${CONFORMANCE_SKIP_BUILD:-}" != "1" ]; then
    npm run build --silent >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log" >&2; fail "build failed"; }
  fi
  [ -f dist/index.js ] || fail "dist/index.js is missing: run npm run build"

  # Only the flags below configure the server: drop any HTTP settings inherited from the caller.
  env -u MCP_HTTP_TOKEN -u MCP_HOST -u MCP_PORT -u MCP_TRANSPORT -u MCP_ALLOWED_HOSTS -u MCP_ALLOWED_ORIGINS \
    -u DRATA_API_KEY -u DRATA_BASE_URL -u DRATA_READ_ONLY \
    MCP_HTTP_INSECURE_NO_AUTH=yes-i-understand \
    node dist/index.js --sandbox --transport http --host 127.0.0.1 --port 0 >"$WORK/server.out" 2>"$WORK/server.log" &
  SERVER_PID=$!

  for _ in $(seq 1 300); do
    URL="$(sed -n 's/.*listening on \(http:\/\/[^ ]*\/mcp\).*/\1/p' "$WORK/server.log" | head -n 1)"
    [ -n "$URL" ] && break
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.1
  done
  if [ -z "$URL" ]; then
    cat "$WORK/server.log" >&2
    fail "the server did not report a listening URL within 30 s"
  fi
  say "server at $URL (pid $SERVER_PID)"
fi

say "running @modelcontextprotocol/conformance@$VERSION (spec $SPEC) against $URL"
timeout --kill-after=15 "$LIMIT" \
  npx --yes -p node@22 -p "@modelcontextprotocol/conformance@$VERSION" \
  conformance server --url "$URL" --suite all --spec-version "$SPEC" \
  --expected-failures "$BASELINE" -o "$WORK/results" >"$WORK/suite.log" 2>&1
SUITE_RC=$?

# The suite's own summary (one line per scenario), without npm's noise.
sed -n '/=== SUMMARY ===/,$p' "$WORK/suite.log" | sed 's/\x1b\[[0-9;]*m//g' >"$WORK/summary.txt"
# Reword the suite's own "Total: N passed, M failed" (checks, baselined failures included) so it cannot be
# mistaken for the closing line of .ci/run.
sed -E 's/^Total: ([0-9]+) passed, ([0-9]+) failed/Suite checks: \1 ok, \2 not ok (expected failures included)/' "$WORK/summary.txt"

if [ "$SUITE_RC" -eq 124 ] || [ "$SUITE_RC" -eq 137 ]; then
  tail -n 40 "$WORK/suite.log" >&2
  fail "the suite did not finish within ${LIMIT} s"
fi

# A scenario fails when its summary line is ✗ or when the suite lists it under its expected or unexpected
# failures: the suite also counts a scenario whose checks only warn (✓ on its summary line) as failing.
ran_all="$(sed -n 's/^[✓✗] \([^:]*\):.*/\1/p' "$WORK/summary.txt" | sort -u)"
failed="$( {
  sed -n 's/^✗ \([^:]*\):.*/\1/p' "$WORK/summary.txt"
  sed -n '/^Expected failures (in baseline):/,/^$/s/^  ~ \([A-Za-z0-9_.-]*\).*/\1/p' "$WORK/summary.txt"
  sed -n '/^Unexpected failures (not in baseline):/,/^$/s/^  ✗ \([A-Za-z0-9_.-]*\).*/\1/p' "$WORK/summary.txt"
} | sort -u)"
passed="$(comm -23 <(printf '%s\n' "$ran_all" | sed '/^$/d') <(printf '%s\n' "$failed" | sed '/^$/d'))"
expected="$(sed -n 's/^  - \([A-Za-z0-9_.-]*\).*/\1/p' "$BASELINE" | sort)"
count() { if [ -z "$1" ]; then echo 0; else printf '%s\n' "$1" | wc -l | tr -d ' '; fi; }
unexpected="$(comm -23 <(printf '%s\n' "$failed" | sed '/^$/d') <(printf '%s\n' "$expected"))"
stale="$(comm -12 <(printf '%s\n' "$passed" | sed '/^$/d') <(printf '%s\n' "$expected"))"
n_passed="$(count "$passed")"
n_failed="$(count "$failed")"
n_unexpected="$(count "$unexpected")"
n_stale="$(count "$stale")"

listed="$(sed -n '/^server:/,/^[^ #]/s/^  - \([A-Za-z0-9_.-]*\).*/\1/p' "$SCENARIOS" | sort)"
ran="$(printf '%s\n%s\n' "$passed" "$failed" | sed '/^$/d' | sort)"
if [ "$((n_passed + n_failed))" -gt 0 ] && [ "$listed" != "$ran" ]; then
  say "not in $SCENARIOS: $(comm -13 <(printf '%s\n' "$listed") <(printf '%s\n' "$ran") | tr '\n' ' ')"
  say "listed but not run: $(comm -23 <(printf '%s\n' "$listed") <(printf '%s\n' "$ran") | tr '\n' ' ')"
  fail "$SCENARIOS does not match the scenarios the suite ran: update it, then npm run docs"
fi

[ -n "$unexpected" ] && say "unexpected failures: $(echo "$unexpected" | tr '\n' ' ')"
[ -n "$stale" ] && say "stale baseline entries (now passing, remove them): $(echo "$stale" | tr '\n' ' ')"

line="$((n_passed + n_failed)) scenarios: $n_passed passed, $((n_failed - n_unexpected)) expected failures (baseline), $n_unexpected unexpected, $n_stale stale [@modelcontextprotocol/conformance@$VERSION, spec $SPEC]"
if [ "$((n_passed + n_failed))" -eq 0 ]; then
  tail -n 40 "$WORK/suite.log" >&2
  fail "no scenario ran"
fi
if [ "$SUITE_RC" -ne 0 ] || [ "$n_unexpected" -ne 0 ] || [ "$n_stale" -ne 0 ]; then
  [ "$n_unexpected" -ne 0 ] || [ "$n_stale" -ne 0 ] || tail -n 40 "$WORK/suite.log" >&2
  echo "conformance: FAIL: $line (suite exit $SUITE_RC)"
  exit 1
fi
echo "conformance: OK: $line"
