#!/usr/bin/env node
/**
 * Builds the MCP Bundle (`.mcpb`) Claude Desktop installs in one click: compiled JavaScript, manifest.json,
 * the icon, LICENSE, README and production dependencies only.
 *
 *   npm run pack:mcpb                         # → drata-personnel-mcp-<version>.mcpb in the repository root
 *   node scripts/pack-mcpb.mjs --out x.mcpb   # elsewhere
 *   node scripts/pack-mcpb.mjs --skip-build   # dist/ is already fresh (the e2e tests build it first)
 *
 * Steps: build; stage into a temporary folder the dist/*.js files that have a source in src/ (no source maps,
 * no build info, nothing stale), the MCP Apps' HTML (dist/apps/), the manifest, icon, LICENSE, README and
 * package.json + lockfile; install the production dependencies there with `npm ci --omit=dev`, then drop
 * from them what never runs (TypeScript sources and declarations, source maps, Markdown docs; licences stay);
 * pack the folder with the pinned MCPB CLI, which validates the manifest first.
 */
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { APP_FILES } from './build-apps.mjs';

/** The MCPB CLI used to validate and pack (run through npx, so it is not a dependency of the project). */
export const MCPB_VERSION = '2.1.2';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

function files(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)],
  );
}

/**
 * Files of a dependency that Node never loads: TypeScript (sources and .d.ts), source maps, docs, and the
 * dotfiles and YAML of its development (lint, coverage and CI settings).
 */
const NOT_RUN = /(\.([cm]?ts|map|tsbuildinfo|md|markdown|ya?ml)$)|^\./i;
const LICENCE = /^(licen[cs]e|copying|notice)/i;

/** Deletes what never runs from `dir` (a node_modules), then the folders that left empty; returns the count. */
function pruneDependencies(dir) {
  let removed = 0;
  for (const f of files(dir)) {
    const name = f.slice(f.lastIndexOf(sep) + 1);
    if (NOT_RUN.test(name) && !LICENCE.test(name)) {
      rmSync(f);
      removed++;
    }
  }
  const dropEmpty = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) if (e.isDirectory()) dropEmpty(join(d, e.name));
    if (d !== dir && readdirSync(d).length === 0) rmSync(d, { recursive: true });
  };
  dropEmpty(dir);
  return removed;
}

function run(command, args, options = {}) {
  execFileSync(command, args, {
    stdio: ['ignore', 'inherit', 'inherit'],
    shell: process.platform === 'win32',
    ...options,
  });
}

const { values } = parseArgs({
  options: { out: { type: 'string' }, 'skip-build': { type: 'boolean' }, 'keep-stage': { type: 'boolean' } },
});
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const out = resolve(values.out ?? join(ROOT, `${pkg.name}-${pkg.version}.mcpb`));

if (!values['skip-build']) {
  console.error('pack:mcpb: building dist/');
  run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
    cwd: ROOT,
  });
  run(process.execPath, [join(ROOT, 'scripts/build-apps.mjs')], { cwd: ROOT });
}

const stage = mkdtempSync(join(tmpdir(), 'drata-personnel-mcpb-'));
try {
  // Compiled JavaScript: exactly the files src/ compiles to (the apps' browser code is bundled into the
  // HTML files instead); then the built MCP Apps.
  const ui = join(ROOT, 'src', 'apps', 'ui') + sep;
  const sources = files(join(ROOT, 'src')).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !f.startsWith(ui));
  let copied = 0;
  for (const source of sources) {
    const rel = relative(join(ROOT, 'src'), source).replace(/\.ts$/, '.js');
    const built = join(ROOT, 'dist', rel);
    if (!existsSync(built)) {
      throw new Error(`dist/${rel.split(sep).join('/')} is missing: run npm run build`);
    }
    mkdirSync(dirname(join(stage, 'dist', rel)), { recursive: true });
    copyFileSync(built, join(stage, 'dist', rel));
    copied++;
  }
  for (const app of APP_FILES) {
    const built = join(ROOT, 'dist', 'apps', app);
    if (!existsSync(built)) throw new Error(`dist/apps/${app} is missing: run npm run build`);
    copyFileSync(built, join(stage, 'dist', 'apps', app));
    copied++;
  }
  for (const f of [
    'manifest.json',
    'icon.png',
    'LICENSE',
    'README.md',
    'package.json',
    'package-lock.json',
  ]) {
    copyFileSync(join(ROOT, f), join(stage, f));
  }

  console.error(`pack:mcpb: staged ${copied} compiled files; installing production dependencies`);
  run(
    npm,
    [
      'install',
      '--omit=dev',
      '--ignore-scripts',
      '--no-audit',
      '--no-fund',
      '--prefer-offline',
      '--loglevel=error',
    ],
    {
      cwd: stage,
    },
  );
  // The bundle's package.json says what runs, not how the project is developed.
  const shipped = {
    name: pkg.name,
    version: pkg.version,
    description: pkg.description,
    type: pkg.type,
    license: pkg.license,
    author: pkg.author,
    repository: pkg.repository,
    bin: pkg.bin,
    engines: pkg.engines,
    dependencies: pkg.dependencies,
  };
  writeFileSync(join(stage, 'package.json'), `${JSON.stringify(shipped, null, 2)}\n`);
  rmSync(join(stage, 'package-lock.json'));
  rmSync(join(stage, 'node_modules', '.package-lock.json'), { force: true });
  const pruned = pruneDependencies(join(stage, 'node_modules'));
  console.error(`pack:mcpb: dropped ${pruned} dependency files that never run (TypeScript, maps, docs)`);

  mkdirSync(dirname(out), { recursive: true });
  rmSync(out, { force: true });
  console.error(`pack:mcpb: packing with @anthropic-ai/mcpb@${MCPB_VERSION}`);
  run(npx, ['-y', `@anthropic-ai/mcpb@${MCPB_VERSION}`, 'pack', stage, out], {
    cwd: stage,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (!existsSync(out)) throw new Error('mcpb pack did not write the bundle');
  console.log(
    `pack:mcpb: wrote ${relative(process.cwd(), out) || out} (${(statSync(out).size / 1024 / 1024).toFixed(1)} MB)`,
  );
} catch (err) {
  console.error(`pack:mcpb: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
} finally {
  if (values['keep-stage']) console.error(`pack:mcpb: stage kept at ${stage}`);
  else rmSync(stage, { recursive: true, force: true });
}
