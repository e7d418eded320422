/**
 * The client configurations README.md tells users to paste, parsed the way the clients read them: JSON code
 * blocks (Claude Desktop, Cursor, VS Code) and `claude mcp add … -- <command>` lines (Claude Code). Shared by
 * the README unit test (flags and variables are known to the config) and the package e2e test (the commands
 * really start the installed bin).
 */
import { readFileSync } from 'node:fs';

export interface CodeBlock {
  lang: string;
  text: string;
  /** The nearest heading above the block. */
  heading: string;
}

export interface StdioServer {
  /** Where it was found, for messages. */
  source: string;
  command: string;
  args: string[];
  env: Record<string, string>;
}

/** Where the README's configurations say the clone's built server is (a placeholder the user replaces). */
export const CLONE_ENTRY = '/path/to/drata-personnel-mcp/dist/index.js';

export const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

export function codeBlocks(markdown: string = README): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  let heading = '';
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const h = /^#{1,6}\s+(.*)$/.exec(line);
    if (h) heading = h[1] ?? '';
    const open = /^```(\w*)\s*$/.exec(line);
    if (!open) continue;
    const body: string[] = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i] ?? ''); i++) body.push(lines[i] ?? '');
    blocks.push({ lang: open[1] ?? '', text: body.join('\n'), heading });
  }
  return blocks;
}

/** The JSON block under a heading that starts with `heading`. */
export function jsonBlock(heading: string, markdown: string = README): unknown {
  const block = codeBlocks(markdown).find((b) => b.lang === 'json' && b.heading.startsWith(heading));
  if (!block) throw new Error(`README has no JSON block under "${heading}"`);
  return JSON.parse(block.text);
}

type JsonServers = Record<
  string,
  { type?: string; command: string; args?: string[]; env?: Record<string, string> }
>;

/**
 * The stdio servers of a client configuration: `mcpServers` (Claude Desktop, Cursor) or `servers` (VS Code).
 * VS Code `${input:id}` references must name a declared password input; they are replaced by `inputValue`.
 */
export function stdioServers(
  source: string,
  config: unknown,
  inputValue = 'value-typed-at-the-prompt',
): StdioServer[] {
  const c = config as {
    mcpServers?: JsonServers;
    servers?: JsonServers;
    inputs?: Array<{ id: string; type: string; password?: boolean }>;
  };
  const servers = c.mcpServers ?? c.servers;
  if (!servers) throw new Error(`${source}: neither mcpServers nor servers`);
  return Object.entries(servers).map(([name, s]) => {
    if (c.servers && s.type !== 'stdio')
      throw new Error(`${source}: VS Code server ${name} needs "type": "stdio"`);
    const env = Object.fromEntries(
      Object.entries(s.env ?? {}).map(([k, v]) => [
        k,
        v.replace(/\$\{input:([^}]+)\}/g, (_m, id: string) => {
          const input = c.inputs?.find((i) => i.id === id);
          if (!input) throw new Error(`${source}: \${input:${id}} has no matching entry in "inputs"`);
          if (k === 'DRATA_API_KEY' && !input.password)
            throw new Error(`${source}: the key input must be a password`);
          return inputValue;
        }),
      ]),
    );
    return { source: `${source} (${name})`, command: s.command, args: s.args ?? [], env };
  });
}

/** Every `claude mcp add … -- command args` in the README, in code blocks or inline code. */
export function claudeCodeCommands(markdown: string = README): StdioServer[] {
  const candidates = [
    ...codeBlocks(markdown)
      .filter((b) => b.lang === 'sh')
      .flatMap((b) => b.text.split('\n')),
    ...[...markdown.matchAll(/`(claude mcp add [^`]+)`/g)].map((m) => m[1] ?? ''),
  ]
    .map((l) => l.replace(/\s+#.*$/, '').trim())
    .filter((l) => l.startsWith('claude mcp add ') && l.includes(' -- '));
  return candidates.map((line) => {
    const [before = '', after = ''] = line.split(' -- ');
    const opts = before.split(/\s+/).slice(4); // claude mcp add <name>
    const env: Record<string, string> = {};
    for (let i = 0; i < opts.length; i++) {
      if (opts[i] === '-e' || opts[i] === '--env') {
        const [k = '', ...v] = (opts[++i] ?? '').split('=');
        env[k] = v.join('=').replace(/…$/, 'key-typed-by-the-user');
      } else if (opts[i] === '--scope' || opts[i] === '-s') {
        i++;
      } else {
        throw new Error(`unexpected claude mcp add option ${opts[i]} in: ${line}`);
      }
    }
    const [command = '', ...args] = after.split(/\s+/);
    return { source: `Claude Code: ${line}`, command, args, env };
  });
}

/** Every stdio configuration the README gives for a client. */
export function readmeServers(markdown: string = README): StdioServer[] {
  return [
    ...stdioServers('Claude Desktop JSON', jsonBlock('Claude Desktop: JSON', markdown)),
    ...stdioServers('Cursor', jsonBlock('Cursor', markdown)),
    ...stdioServers('VS Code', jsonBlock('VS Code', markdown)),
    ...claudeCodeCommands(markdown),
  ];
}
