#!/usr/bin/env node
// `npm run bench` entry: compiles scripts/bench/*.ts (with the src/ and test/support/ modules they import, so
// the benchmark reuses the test fixtures and ground truth instead of copying them) into
// node_modules/.cache/drata-bench, then runs main.js. `npm run build` has already built dist/, which the
// benchmark spawns as the real server binary.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
process.env.BENCH_ROOT ??= root;
const out = `${root}node_modules/.cache/drata-bench`;
execFileSync(
  process.execPath,
  [`${root}node_modules/typescript/bin/tsc`, '-p', `${root}scripts/bench/tsconfig.json`],
  { cwd: root, stdio: 'inherit' },
);
// src/version.ts reads ../package.json relative to itself: give the compiled copy one.
mkdirSync(out, { recursive: true });
copyFileSync(`${root}package.json`, `${out}/package.json`);
await import(pathToFileURL(`${out}/scripts/bench/main.js`).href);
