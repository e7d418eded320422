/**
 * The host side of the MCP Apps bridge, as a minimal host page runs it (bundled by the browser test, run in
 * Chromium): the ext-apps package's AppBridge over postMessage to the app's sandboxed frame. The app's
 * HTML is given the CSP a host builds from the resource's declared `_meta.ui.csp`. Tool calls go to the
 * test (window.hostCallTool, a Playwright binding to a real MCP client); messages, model-context updates and
 * downloads are recorded.
 */
import { AppBridge, PostMessageTransport } from '@modelcontextprotocol/ext-apps/app-bridge';

interface StartOptions {
  html: string;
  csp: { connectDomains?: string[]; resourceDomains?: string[] };
  theme: 'light' | 'dark';
  toolInput: Record<string, unknown>;
  toolResult: Record<string, unknown>;
}

declare global {
  interface Window {
    hostCallTool(name: string, args: unknown): Promise<Record<string, unknown>>;
    hostMessages: unknown[];
    hostDownloads: unknown[];
    hostModelContext: unknown[];
    startApp(o: StartOptions): Promise<void>;
    setTheme(theme: 'light' | 'dark'): Promise<void>;
  }
}

/** The policy a host derives from the declared domains (none here: nothing may load or connect). */
function cspFor(csp: StartOptions['csp']): string {
  const res = (csp.resourceDomains ?? []).join(' ');
  const connect = (csp.connectDomains ?? []).join(' ') || "'none'";
  return [
    "default-src 'none'",
    `script-src 'unsafe-inline' ${res}`,
    `style-src 'unsafe-inline' ${res}`,
    `img-src data: ${res}`,
    `font-src ${res || "'none'"}`,
    `connect-src ${connect}`,
    "frame-src 'none'",
    "base-uri 'none'",
  ].join('; ');
}

let bridge: AppBridge | undefined;
window.hostMessages = [];
window.hostDownloads = [];
window.hostModelContext = [];

window.startApp = async (o) => {
  const frame = document.createElement('iframe');
  frame.setAttribute('sandbox', 'allow-scripts');
  frame.title = 'MCP App';
  frame.style.cssText = 'display:block;width:100%;border:0';
  document.body.style.margin = '0';
  document.body.append(frame);
  bridge = new AppBridge(
    null,
    { name: 'test-host', version: '1.0.0' },
    { serverTools: {}, downloadFile: {}, message: { text: {} }, updateModelContext: { text: {} } },
    { hostContext: { theme: o.theme, displayMode: 'inline', platform: 'web' } },
  );
  bridge.oncalltool = async (params) => window.hostCallTool(params.name, params.arguments ?? {}) as never;
  bridge.onmessage = async (params) => {
    window.hostMessages.push(params);
    return {};
  };
  bridge.onupdatemodelcontext = async (params) => {
    window.hostModelContext.push(params);
    return {};
  };
  bridge.ondownloadfile = async (params) => {
    window.hostDownloads.push(params);
    return {};
  };
  bridge.onsizechange = ({ height }) => {
    if (height) frame.style.height = `${height}px`;
  };
  const b = bridge;
  const ready = new Promise<void>((resolve) => {
    b.oninitialized = () => {
      void b
        .sendToolInput({ arguments: o.toolInput })
        .then(() => b.sendToolResult(o.toolResult as never))
        .then(resolve);
    };
  });
  await bridge.connect(new PostMessageTransport(frame.contentWindow as Window, frame.contentWindow as Window));
  const meta = `<meta http-equiv="Content-Security-Policy" content="${cspFor(o.csp)}">`;
  frame.srcdoc = o.html.replace('<head>', `<head>${meta}`);
  await ready;
};

window.setTheme = async (theme) => {
  await bridge?.sendHostContextChange({ theme });
};
