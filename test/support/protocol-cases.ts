/**
 * The protocol answers every client relies on, as raw JSON-RPC: malformed params are -32602 with one
 * readable line, a missing person's resource is -32002 with data.uri (this 2025-era session's "resource not
 * found"; 2026-07-28 peers get -32602, tested in test/integration/era and test/e2e/eras-stdio), tool argument
 * errors say what is accepted, prompt arguments are checked against the values completion offers. Run over
 * stdio and over HTTP.
 */
import { expect, it } from 'vitest';
import type { RawSession, RpcMessage } from './raw-rpc.js';

let next = 1000;
const request = (method: string, params?: unknown) => ({ jsonrpc: '2.0', id: ++next, method, params });

/** The error of an answer, asserted to be `code` with a single-line message matching `pattern`. */
function expectError(answer: RpcMessage, code: number, pattern: RegExp): void {
  expect(answer.result, JSON.stringify(answer)).toBeUndefined();
  expect(answer.error?.code, JSON.stringify(answer)).toBe(code);
  const message = answer.error?.message ?? '';
  expect(message).toMatch(pattern);
  expect(message).not.toMatch(/\n/);
  expect(message.length).toBeLessThan(400);
}

async function ask(session: RawSession, method: string, params?: unknown): Promise<RpcMessage> {
  const body = request(method, params);
  return session.exchange(body, body.id);
}

export interface ProtocolCaseOptions {
  session: () => RawSession;
  /** Sends an `initialize` as a new client would (stdio: the same pipe; HTTP: a POST without a session). */
  initialize: (body: unknown) => Promise<RpcMessage>;
}

export function protocolErrorCases({ session, initialize }: ProtocolCaseOptions): void {
  it('tools/call with arguments that are not an object: -32602, one line', async () => {
    const answer = await ask(session(), 'tools/call', { name: 'get_personnel', arguments: 'personnel=12' });
    expectError(answer, -32602, /^Invalid params for tools\/call: arguments: expected an object, got string$/);
  });

  it('tools/call without a tool name: -32602, one line', async () => {
    const answer = await ask(session(), 'tools/call', { arguments: { personnel: 12 } });
    expectError(answer, -32602, /^Invalid params for tools\/call: name: required/);
  });

  it('initialize without protocolVersion: -32602, one line', async () => {
    const body = request('initialize', { capabilities: {}, clientInfo: { name: 'raw', version: '1' } });
    expectError(await initialize(body), -32602, /^Invalid params for initialize: protocolVersion: required/);
  });

  it('reading the resource of a person who does not exist: -32002 with data.uri (2025-era resource not found)', async () => {
    const answer = await ask(session(), 'resources/read', { uri: 'drata://personnel/999999' });
    expectError(answer, -32002, /Resource not found: drata:\/\/personnel\/999999/);
    expect((answer.error as { data?: unknown } | undefined)?.data).toEqual({ uri: 'drata://personnel/999999' });
  });

  it('reading the resource of something that is no id or email: -32602', async () => {
    const answer = await ask(session(), 'resources/read', { uri: 'drata://personnel/not-an-email' });
    expectError(answer, -32602, /Invalid resource URI drata:\/\/personnel\/not-an-email: personnel: expected a numeric/);
  });

  it('personnel: true or missing: the tool error says what is accepted', async () => {
    for (const args of [{ personnel: true }, {}]) {
      const answer = await ask(session(), 'tools/call', { name: 'get_personnel', arguments: args });
      const result = answer.result as { isError?: boolean; content: Array<{ text: string }> };
      expect(result.isError, JSON.stringify(answer)).toBe(true);
      const text = result.content[0]?.text ?? '';
      expect(text).toMatch(/numeric personnel id .*an email address, or "email:<address>"/);
      expect(text).toMatch(args.personnel === undefined ? /required/ : /got true/);
      expect(text).not.toMatch(/\n|Invalid input at/);
    }
  });

  it('a prompt argument outside its values: -32602 naming them; completion still offers them', async () => {
    const bad = await ask(session(), 'prompts/get', { name: 'compliance_gap_review', arguments: { check: 'NOPE' } });
    expectError(bad, -32602, /check/);
    expect(bad.error?.message).toMatch(/expected one of FULL_COMPLIANCE, .*IDENTITY_MFA, /);
    const scope = await ask(session(), 'prompts/get', { name: 'offboarding_audit', arguments: { scope: 'EVERYONE' } });
    expectError(scope, -32602, /expected one of ALL_FORMER_PERSONNEL, FORMER_EMPLOYEE, FORMER_CONTRACTOR/);
    const date = await ask(session(), 'prompts/get', {
      name: 'offboarding_audit',
      arguments: { separatedSince: 'last week' },
    });
    expectError(date, -32602, /YYYY-MM-DD/);
    const completion = await ask(session(), 'completion/complete', {
      ref: { type: 'ref/prompt', name: 'compliance_gap_review' },
      argument: { name: 'check', value: 'ident' },
    });
    expect((completion.result as { completion: { values: string[] } }).completion.values).toEqual(['IDENTITY_MFA']);
    const good = await ask(session(), 'prompts/get', { name: 'compliance_gap_review', arguments: { check: 'IDENTITY_MFA' } });
    expect(JSON.stringify(good.result)).toContain('checks: [\\"IDENTITY_MFA\\"]');
  });
}
