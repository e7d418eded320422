#!/usr/bin/env node
/**
 * Builds the MCP Apps into dist/apps/<app>.html: each one self-contained file (the app's script and the
 * shared styles inline, nothing fetched), bundled and minified by esbuild from src/apps/ui/. Fails when a
 * file would exceed APP_MAX_BYTES or would name an external origin. Part of `npm run build`.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, transform } from 'esbuild';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const UI = join(ROOT, 'src/apps/ui');
const OUT = join(ROOT, 'dist/apps');
/** Mirrors APP_MAX_BYTES in src/apps/register.ts (a test checks they agree). */
export const APP_MAX_BYTES = 150 * 1024;

const APPS = [
  { file: 'dashboard.html', entry: 'dashboard.ts', title: 'Compliance dashboard' },
  { file: 'person.html', entry: 'person.ts', title: 'Person card' },
  { file: 'approval.html', entry: 'approval.ts', title: 'Approval card' },
];
/** What the build writes into dist/apps/ (the package and the MCPB bundle ship them). */
export const APP_FILES = APPS.map((a) => a.file);

/** `</script` inside the bundle would end the inline script early. */
const inline = (js) => js.replace(/<\/script/gi, '<\\/script');

export async function buildApps() {
  mkdirSync(OUT, { recursive: true });
  const css = (await transform(readFileSync(join(UI, 'styles.css'), 'utf8'), { loader: 'css', minify: true })).code;
  const sizes = {};
  for (const app of APPS) {
    const bundle = await build({
      entryPoints: [join(UI, app.entry)],
      bundle: true,
      minify: true,
      format: 'iife',
      target: 'es2022',
      write: false,
      legalComments: 'none',
    });
    const js = bundle.outputFiles[0].text;
    const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${app.title}</title><style>${css}</style></head><body><main id="app"></main><script>${inline(js)}</script></body></html>\n`;
    const bytes = Buffer.byteLength(html);
    if (bytes > APP_MAX_BYTES) throw new Error(`${app.file} is ${bytes} bytes, over ${APP_MAX_BYTES}`);
    const external = html.match(/\b(?:src|href)\s*=\s*["']?(?:https?:)?\/\/[^"'\s>]+/i);
    if (external) throw new Error(`${app.file} references an external resource: ${external[0]}`);
    writeFileSync(join(OUT, app.file), html);
    sizes[app.file] = bytes;
  }
  return sizes;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildApps().then(
    (sizes) => console.error(`build-apps: ${Object.entries(sizes).map(([f, b]) => `${f} ${(b / 1024).toFixed(1)} KB`).join(', ')}`),
    (err) => {
      console.error(`build-apps: ${err.message}`);
      process.exit(1);
    },
  );
}
