/**
 * Drata's request id for a write, for the audit line. The Drata client keeps one request path and knows
 * nothing of audits; this undici dispatcher sits under it (index.ts) and, for every non-GET answer, hands the
 * request id header (when Drata sends one) to the audit recorder of the tool call that sent it. The call is
 * found through an AsyncLocalStorage that auditedRun (outcome.ts) enters around the write tool's handler.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingHttpHeaders } from 'node:http';
import { Agent, DecoratorHandler, type Dispatcher } from 'undici';
import type { WriteAudit } from './types.js';

export const auditScope = new AsyncLocalStorage<WriteAudit>();

/** The headers that carry a request id in the APIs Drata's runs behind (first one present wins). */
const ID_HEADERS = ['x-request-id', 'x-amzn-requestid', 'x-amz-request-id', 'request-id', 'x-correlation-id'];

export function requestIdOf(headers: IncomingHttpHeaders): string | undefined {
  for (const name of ID_HEADERS) {
    const v = headers[name];
    const id = Array.isArray(v) ? v[0] : v;
    if (typeof id === 'string' && /^[\w.:/+=-]{1,200}$/.test(id)) return id;
  }
  return undefined;
}

// undici's DecoratorHandler adapts any handler to the onResponse* API; its typings omit the methods it has.
type HandlerClass = new (handler: Dispatcher.DispatchHandler) => Dispatcher.DispatchHandler;
const Decorator = DecoratorHandler as unknown as HandlerClass;

class RequestIdHandler extends Decorator {
  constructor(
    handler: Dispatcher.DispatchHandler,
    private readonly audit: WriteAudit,
  ) {
    super(handler);
  }

  override onResponseStart(
    controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: IncomingHttpHeaders,
    statusMessage?: string,
  ): void {
    const id = requestIdOf(headers);
    if (id !== undefined) this.audit.noteRequestId(id);
    return super.onResponseStart?.(controller, statusCode, headers, statusMessage);
  }
}

/** The dispatcher for the Drata client: undici's default Agent, noting write request ids for the audit. */
export function auditingDispatcher(): Dispatcher {
  return new Agent().compose((dispatch) => (opts, handler) => {
    const audit = opts.method === 'GET' ? undefined : auditScope.getStore();
    return dispatch(opts, audit ? new RequestIdHandler(handler, audit) : handler);
  });
}
