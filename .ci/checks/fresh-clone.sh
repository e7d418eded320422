#!/usr/bin/env bash
# A newcomer's first two commands on a fresh clone: the committed HEAD is cloned into an empty temporary
# folder (nothing beside it: no ../shared, no node_modules, no dist/) and the README's two commands run there,
# exactly as its first code block gives them. Both must pass. npm's cache is used (--prefer-offline), so the
# install is quick when the packages were fetched before.
set -uo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
clone="$work/drata-personnel-mcp"

head=$(git rev-parse HEAD)
if ! git clone --quiet --no-hardlinks "$root" "$clone" || ! git -C "$clone" checkout --quiet --detach "$head"; then
  echo "fresh-clone: FAILED: could not clone $head"
  exit 1
fi
if [ -n "$(ls -A "$work" | grep -vx drata-personnel-mcp)" ]; then
  echo "fresh-clone: FAILED: the clone's folder is not alone"
  exit 1
fi

# The commands of the README's first ```sh block, comments stripped.
mapfile -t commands < <(awk '/^```sh/{inside=1; next} inside && /^```/{exit} inside' "$clone/README.md" |
  sed -E 's/[[:space:]]+#.*$//' | sed '/^[[:space:]]*$/d')
if [ "${#commands[@]}" -ne 2 ]; then
  echo "fresh-clone: FAILED: expected the README's two commands, found ${#commands[@]}: ${commands[*]}"
  exit 1
fi

export npm_config_prefer_offline=true npm_config_audit=false npm_config_fund=false
status=0
for command in "${commands[@]}"; do
  start=$SECONDS
  if (cd "$clone" && timeout 1200 bash -c "$command") >"$work/out.txt" 2>&1; then
    echo "fresh-clone: ok: \`$command\` ($((SECONDS - start)) s)"
    # vitest's summary, to show the clone ran the whole suite.
    sed 's/\x1b\[[0-9;]*m//g' "$work/out.txt" | grep -E '^\s*(Test Files|Tests)\s' || true
  else
    tail -n 60 "$work/out.txt"
    echo "fresh-clone: FAILED: \`$command\` in a fresh clone of $head"
    status=1
  fi
done
exit $status
