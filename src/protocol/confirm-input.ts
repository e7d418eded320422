/**
 * Write confirmation for 2026-07-28 requests, which have no server-to-client requests: the first round of a
 * write answers `input_required` with an embedded yes/no elicitation; the client asks its user and retries
 * the same call with the answer in `inputResponses`. The tool runs again from the top on the retry (it
 * re-reads the person and re-plans), so the answer is taken only when `requestState` names the very
 * confirmation text this round would ask: a change that moved between the rounds is asked again, never
 * written on an answer to a different question.
 */
import { createHash } from 'node:crypto';
import {
  type ElicitRequestFormParams,
  type InputRequiredResult,
  inputRequired,
  inputResponse,
  type ServerContext,
} from '@modelcontextprotocol/server';
import type { Confirmation } from '../tools/types.js';

const KEY = 'confirm';

/** The yes/no form of every write confirmation, in both eras. */
export const CONFIRM_SCHEMA: ElicitRequestFormParams['requestedSchema'] = {
  type: 'object',
  properties: { [KEY]: { type: 'boolean', title: 'Apply this change in Drata', default: false } },
  required: [KEY],
};

/** Reads the form's answer: only an accepted form with confirm: true is a yes. */
export const confirmation = (action: Confirmation, content: Record<string, unknown> | undefined): Confirmation =>
  action !== 'accept' ? action : content?.[KEY] === true ? 'accept' : 'decline';

/** Thrown by the confirm callback to end this round with an input_required result; runTool returns it. */
export class InputNeeded extends Error {
  constructor(readonly result: InputRequiredResult) {
    super('input required');
    this.name = 'InputNeeded';
  }
}

const digest = (message: string): string => createHash('sha256').update(message).digest('base64url');

/**
 * The `confirm` callback of a 2026-07-28 tool call. `principal` (the caller's key) is part of the state, so a
 * round started by one principal is never finished by another's answer.
 */
export function confirmByInputRequired(ctx: ServerContext, principal = ''): (message: string) => Promise<Confirmation> {
  return async (message) => {
    const state = digest(`${principal}\n${message}`);
    const answer = inputResponse(ctx.mcpReq.inputResponses, KEY);
    if (answer.kind === 'elicit' && ctx.mcpReq.requestState<string>() === state)
      return confirmation(answer.action, answer.content);
    throw new InputNeeded(
      inputRequired({
        inputRequests: { [KEY]: inputRequired.elicit({ mode: 'form', message, requestedSchema: CONFIRM_SCHEMA }) },
        requestState: state,
      }),
    );
  };
}
