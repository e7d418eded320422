/**
 * The app side of the MCP Apps bridge: JSON-RPC 2.0 over postMessage with the host (window.parent), typed
 * by @modelcontextprotocol/ext-apps's spec types. The package's own `App` class would be the first choice,
 * but it bundles the MCP SDK's protocol layer and zod (≈370 KB minified), over the 150 KB an app may weigh;
 * this file implements the handful of messages the apps use: ui/initialize, tools/call, ui/message,
 * ui/update-model-context, ui/download-file, size changes, and the host's tool-result and host-context
 * notifications.
 */
import type {
  McpUiHostCapabilities,
  McpUiHostContext,
  McpUiInitializeRequest,
  McpUiInitializeResult,
} from '@modelcontextprotocol/ext-apps';

/**
 * The part of an MCP tool result the views read (SDK v2's own type does not resolve to a usable shape in this
 * browser-only build, where it comes out as `{}`); our tools' structured content is always a JSON object.
 */
export interface CallToolResult {
  content?: Array<{ type: string; text?: string }>;
  structuredContent?: Record<string, unknown>;
  /** Never shown to the model: where the approval card's ticket travels. */
  _meta?: Record<string, unknown>;
  isError?: boolean;
}

/**
 * The tools the apps call back: the read tools (registered in every configuration) and the approval card's
 * app-only tool (registered with the write tools).
 */
export type AppTool = 'personnel_compliance_report' | 'get_personnel' | 'approve_write';

const PROTOCOL_VERSION = '2026-01-26';

interface Message {
  jsonrpc: '2.0';
  id?: number | string;
  method?: string;
  params?: Record<string, unknown>;
  result?: unknown;
  error?: { code: number; message: string };
}

export interface BridgeEvents {
  toolResult(result: CallToolResult): void;
  hostContext(context: McpUiHostContext): void;
}

export class Bridge {
  private nextId = 1;
  private readonly pending = new Map<number | string, { resolve(v: unknown): void; reject(e: Error): void }>();
  capabilities: McpUiHostCapabilities = {};

  constructor(private readonly events: BridgeEvents) {
    window.addEventListener('message', (event) => {
      if (event.source !== window.parent) return;
      const m = event.data as Message;
      if (m?.jsonrpc === '2.0') this.receive(m);
    });
  }

  /** The handshake: ui/initialize, then the initialized notification; applies the host's context. */
  async connect(appInfo: { name: string; version: string }): Promise<void> {
    const params: McpUiInitializeRequest['params'] = {
      appInfo,
      appCapabilities: { availableDisplayModes: ['inline'] },
      protocolVersion: PROTOCOL_VERSION,
    };
    const result = (await this.request('ui/initialize', params)) as McpUiInitializeResult;
    this.capabilities = result.hostCapabilities ?? {};
    if (result.hostContext) this.events.hostContext(result.hostContext);
    this.notify('ui/notifications/initialized', {});
    const size = () => {
      const el = document.documentElement;
      this.notify('ui/notifications/size-changed', { width: el.scrollWidth, height: el.scrollHeight });
    };
    new ResizeObserver(size).observe(document.body);
    size();
  }

  async callTool(name: AppTool, args: Record<string, unknown>): Promise<CallToolResult> {
    const result = (await this.request('tools/call', { name, arguments: args })) as CallToolResult;
    if (result.isError) {
      const text = result.content?.map((c) => (c.type === 'text' ? (c.text ?? '') : '')).join(' ');
      throw new Error(text || `${name} failed`);
    }
    return result;
  }

  /** Asks the model, as a user message in the conversation; the app never acts on the answer itself. */
  async sendMessage(text: string): Promise<void> {
    const r = (await this.request('ui/message', { role: 'user', content: [{ type: 'text', text }] })) as {
      isError?: boolean;
    };
    if (r?.isError) throw new Error('the host did not accept the message');
  }

  /** Tells the model what happened in the app, for its next turn (where the host offers it). */
  async updateModelContext(text: string): Promise<void> {
    if (!this.capabilities.updateModelContext) return;
    await this.request('ui/update-model-context', { content: [{ type: 'text', text }] });
  }

  /** A file the user saves, through the host (sandboxed frames cannot download by themselves). */
  async download(name: string, mimeType: string, text: string): Promise<boolean> {
    if (!this.capabilities.downloadFile) return false;
    const resource = { uri: `file:///${name}`, mimeType, text };
    const r = (await this.request('ui/download-file', { contents: [{ type: 'resource', resource }] })) as {
      isError?: boolean;
    };
    return !r?.isError;
  }

  private post(m: Message): void {
    window.parent.postMessage(m, '*');
  }

  private notify(method: string, params: Record<string, unknown>): void {
    this.post({ jsonrpc: '2.0', method, params });
  }

  private request(method: string, params: object): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.post({ jsonrpc: '2.0', id, method, params: params as Record<string, unknown> });
    });
  }

  private receive(m: Message): void {
    if (m.method === undefined && m.id !== undefined) {
      const p = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (m.error) p?.reject(new Error(m.error.message));
      else p?.resolve(m.result);
      return;
    }
    if (m.method === 'ui/notifications/tool-result') this.events.toolResult(m.params as CallToolResult);
    else if (m.method === 'ui/notifications/host-context-changed') this.events.hostContext(m.params as McpUiHostContext);
    if (m.id === undefined) return;
    // Requests from the host: teardown and ping need only an empty answer; nothing else is offered.
    if (m.method === 'ui/resource-teardown' || m.method === 'ping') this.post({ jsonrpc: '2.0', id: m.id, result: {} });
    else this.post({ jsonrpc: '2.0', id: m.id, error: { code: -32601, message: `${m.method} is not supported` } });
  }
}
