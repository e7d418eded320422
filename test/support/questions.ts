/**
 * Everyday compliance questions, each answered by a scripted sequence of at most two tool calls, and
 * checked against ground truth computed from the sandbox's own data, in EACH result channel on its own:
 * the text alone (Claude Desktop, Cursor, the AI SDK) and the structured content alone (Claude Code,
 * VS Code). Shared by `npm run bench` (which prints calls and tokens) and the integration suite.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { encode } from 'gpt-tokenizer/encoding/cl100k_base';
import { CURRENT_STATUSES, FORMER_STATUSES } from '../../src/drata/catalog.js';
import type { Org, SandboxPerson } from '../../src/sandbox/index.js';
import { reportTruth } from './truth.js';

export const MAX_CALLS = 2;

interface Channel {
  text: string;
  structured: string;
}

/** What the answer must show: a count, everyone's id, and facts (a reason, a check name). */
interface Expected {
  count?: number;
  ids?: readonly number[];
  facts?: readonly string[];
  /** The same facts as the structured content says them, when its words differ from the text's. */
  structuredFacts?: readonly string[];
}

interface ToolCall {
  name: string;
  args: Record<string, unknown>;
}

export interface Question {
  question: string;
  /** The calls, in order; the second may depend on the first result (a continuation). */
  calls: Array<(previous: Record<string, unknown> | undefined) => ToolCall | undefined>;
  expected: Expected;
}

export interface QuestionResult {
  question: string;
  calls: number;
  textTokens: number;
  structuredTokens: number;
  /** Problems in the text channel and in the structured channel; empty when answered. */
  textMisses: string[];
  structuredMisses: string[];
  pass: boolean;
}

const has = (haystack: string, needle: RegExp) => needle.test(haystack);

/** The answer's parts missing from one channel's output. */
function misses(out: string, e: Expected, kind: 'text' | 'structured'): string[] {
  const problems: string[] = [];
  if (e.count !== undefined) {
    const n = e.count;
    const found =
      kind === 'text'
        ? has(out, new RegExp(`(\\(${n}\\)|\\bof ${n}\\b| ${n} personnel)`))
        : has(out, new RegExp(`"(count|total)":${n}[,}]`));
    if (!found) problems.push(`count ${n}`);
  }
  const missing = (e.ids ?? []).filter((id) =>
    kind === 'text' ? !has(out, new RegExp(`#${id}\\b`)) : !has(out, new RegExp(`(\\[${id},|"id":${id}[,}])`)),
  );
  if (missing.length) problems.push(`${missing.length} of ${e.ids?.length} people (e.g. #${missing[0]})`);
  const facts = kind === 'structured' && e.structuredFacts ? e.structuredFacts : (e.facts ?? []);
  for (const fact of facts) {
    if (!out.includes(kind === 'text' || e.structuredFacts ? fact : JSON.stringify(fact).slice(1, -1)))
      problems.push(`fact "${fact}"`);
  }
  return problems;
}

/** Ask one question: run its calls, then check each channel on its own. */
export async function ask(client: Client, q: Question): Promise<QuestionResult> {
  const seen: Channel[] = [];
  let previous: Record<string, unknown> | undefined;
  let calls = 0;
  for (const next of q.calls) {
    const call = next(previous);
    if (!call) break;
    calls++;
    const r = (await client.callTool({ name: call.name, arguments: call.args })) as {
      content?: Array<{ type: string; text?: string }>;
      structuredContent?: Record<string, unknown>;
      isError?: boolean;
    };
    const text = (r.content ?? []).map((c) => c.text ?? '').join('\n');
    if (r.isError) throw new Error(`${q.question}: ${call.name} failed: ${text}`);
    seen.push({ text, structured: JSON.stringify(r.structuredContent ?? {}) });
    previous = r.structuredContent;
  }
  const text = seen.map((s) => s.text).join('\n');
  const structured = seen.map((s) => s.structured).join('\n');
  const textMisses = misses(text, q.expected, 'text');
  const structuredMisses = misses(structured, q.expected, 'structured');
  return {
    question: q.question,
    calls,
    textTokens: encode(text).length,
    structuredTokens: encode(structured).length,
    textMisses,
    structuredMisses,
    pass: calls <= MAX_CALLS && !textMisses.length && !structuredMisses.length,
  };
}

const report = (args: Record<string, unknown>) => () => ({ name: 'personnel_compliance_report', args });
const list = (args: Record<string, unknown>) => () => ({ name: 'list_personnel', args: { limit: 50, ...args } });
const get = (personnel: number | string) => () => ({ name: 'get_personnel', args: { personnel } });
/** The continuation of a named report list, when the first call did not name everyone. */
const reportRest = (name: string, args: Record<string, unknown>) => (prev: Record<string, unknown> | undefined) => {
  // Training lists sit in one entry per training type (a focused report has one).
  const key = ({ trainingExpired: 'expired', trainingNeverCompleted: 'neverCompleted', trainingDueSoon: 'dueSoon' } as Record<string, string>)[name];
  const training = (prev?.training as Array<Record<string, unknown>> | undefined)?.[0];
  const list = key ? training?.[key] : prev?.[name];
  const from = (list as { namesFrom?: number } | undefined)?.namesFrom;
  return from === undefined
    ? undefined
    : { name: 'personnel_compliance_report', args: { ...args, lists: [name], maxNames: 500, namesFrom: from } };
};
/** The next list page, when the first did not hold everyone (the same filters repeated, as models do). */
const listRest = (args: Record<string, unknown>) => (prev: Record<string, unknown> | undefined) => {
  const cursor = prev?.nextCursor as string | undefined;
  return cursor ? { name: 'list_personnel', args: { limit: 50, ...args, cursor } } : undefined;
};
const named = (name: string, args: Record<string, unknown> = {}) => [
  report({ ...args, lists: [name], maxNames: 500 }),
  reportRest(name, args),
];
const listed = (args: Record<string, unknown>) => [list(args), listRest(args)];

const ids = (people: readonly SandboxPerson[]) => people.map((p) => p.id);
const isCurrent = (p: SandboxPerson) => CURRENT_STATUSES.includes(p.employmentStatus);
const FAILING = ['FAIL', 'MISCONFIGURED'];

function find(org: Org, what: string, test: (p: SandboxPerson) => boolean): SandboxPerson {
  const p = org.people.find(test);
  if (!p) throw new Error(`the sandbox org has nobody who ${what}`);
  return p;
}

/** The question set for an org, with its ground truth. */
export function questions(org: Org): Question[] {
  const current = org.people.filter(isCurrent);
  const t = reportTruth(org, CURRENT_STATUSES);
  const noTraining = { expired: [], neverCompleted: [], dueSoon: [] };
  const security = t.training.SECURITY_TRAINING ?? noTraining;
  const hipaa = t.training.HIPAA_TRAINING ?? noTraining;
  const former = reportTruth(org, FORMER_STATUSES);
  const all = reportTruth(org, [...new Set(org.people.map((p) => p.employmentStatus))]);
  const formerArgs = { employmentStatus: ['ALL_FORMER_PERSONNEL'] };
  const outOfScope = org.people.filter((p) => p.employmentStatus === 'OUT_OF_SCOPE');
  const reasonOf = (p: SandboxPerson) => (p.notHumanReason ?? '').trim().replace(/\s+/g, ' ').slice(0, 40);
  const mfaFail = t.checks.IDENTITY_MFA;
  const hdd = t.checks.HDD_ENCRYPTION;
  const today = new Date(org.now).toISOString().slice(0, 10);
  const quarterStart = `${today.slice(0, 4)}-07-01`;
  const quarterEnd = `${today.slice(0, 4)}-09-30`;
  const startedSince = `${today.slice(0, 4)}-09-01`;
  const mfaPerson = find(org, 'is current and fails MFA', (p) => isCurrent(p) && p.checks.IDENTITY_MFA === 'FAIL');
  const noDevicePerson = find(org, 'is current without a device', (p) => isCurrent(p) && p.devices.length === 0);
  const bgExcluded = org.people.filter((p) => p.checks.BG_CHECK === 'EXCLUDED');
  const contractorsFailingBg = org.people.filter(
    (p) => p.employmentStatus === 'CURRENT_CONTRACTOR' && FAILING.includes(p.checks.BG_CHECK ?? ''),
  );
  return [
    { question: 'How many current employees and contractors are there?', calls: [report({ maxNames: 0 })], expected: { count: t.total } },
    { question: 'How many people are in Drata at all?', calls: [report({ employmentStatus: ['ALL_PERSONNEL'], maxNames: 0 })], expected: { count: all.total } },
    {
      question: 'How many current personnel fail MFA?',
      calls: [list({ employmentStatus: ['ALL_CURRENT_PERSONNEL'], failing: ['IDENTITY_MFA'], limit: 1 })],
      expected: { count: (mfaFail?.fail ?? 0) + (mfaFail?.misconfigured ?? 0) },
    },
    { question: 'Who fails MFA (current personnel), and which identity lacks it?', calls: named('mfaGaps'), expected: { count: t.mfaGaps.length, ids: t.mfaGaps } },
    {
      question: 'How many current personnel fail disk encryption?',
      calls: [list({ employmentStatus: ['ALL_CURRENT_PERSONNEL'], failing: ['HDD_ENCRYPTION'], limit: 1 })],
      expected: { count: (hdd?.fail ?? 0) + (hdd?.misconfigured ?? 0) },
    },
    { question: 'Who has no device? (current personnel)', calls: named('noDevice'), expected: { count: t.noDevice.length, ids: t.noDevice } },
    { question: 'How many current personnel have a non-compliant device?', calls: [report({ maxNames: 0 })], expected: { count: t.failingDevice.length } },
    {
      question: 'Which current contractors fail the background check?',
      calls: listed({ employmentStatus: ['CURRENT_CONTRACTOR'], failing: ['BG_CHECK'] }),
      expected: { count: contractorsFailingBg.length, ids: ids(contractorsFailingBg) },
    },
    {
      question: 'Who is excluded from the background check?',
      calls: listed({ excluded: ['BG_CHECK'] }),
      expected: { count: bgExcluded.length, ids: ids(bgExcluded) },
    },
    {
      question: 'Which former staff still have a connected identity?',
      calls: named('offboardingIdentity', formerArgs),
      expected: { count: former.offboardingIdentity.length, ids: former.offboardingIdentity },
    },
    {
      question: 'How many former staff have any offboarding gap?',
      calls: [report({ ...formerArgs, maxNames: 0 })],
      expected: { count: former.offboardingGaps.length },
    },
    {
      question: 'Which former staff still have a device reporting?',
      calls: named('offboardingDevice', formerArgs),
      expected: { count: former.offboardingDevice.length, ids: former.offboardingDevice },
    },
    {
      question: 'Whose security training has expired?',
      calls: named('trainingExpired', { checks: ['SECURITY_TRAINING'] }),
      expected: { count: security.expired.length, ids: security.expired },
    },
    {
      question: 'Who never completed their security training?',
      calls: named('trainingNeverCompleted', { checks: ['SECURITY_TRAINING'] }),
      expected: { count: security.neverCompleted.length, ids: security.neverCompleted },
    },
    {
      question: 'Whose HIPAA training is due within 30 days?',
      calls: named('trainingDueSoon', { checks: ['HIPAA_TRAINING'] }),
      expected: { count: hipaa.dueSoon.length, ids: hipaa.dueSoon },
    },
    {
      question: `Who started since ${startedSince}?`,
      calls: listed({ startedFrom: startedSince }),
      expected: { ids: ids(org.people.filter((p) => p.startDate && p.startDate >= startedSince)) },
    },
    {
      question: `Who left last quarter (${quarterStart}..${quarterEnd})?`,
      calls: listed({ separatedFrom: quarterStart, separatedTo: quarterEnd }),
      expected: {
        ids: ids(
          org.people.filter(
            (p) => p.separationDate && p.separationDate >= quarterStart && p.separationDate <= quarterEnd,
          ),
        ),
      },
    },
    {
      question: 'List every out-of-scope person and the reason',
      calls: listed({ employmentStatus: ['OUT_OF_SCOPE'] }),
      expected: {
        count: outOfScope.length,
        ids: ids(outOfScope),
        facts: outOfScope.filter((p) => reasonOf(p)).map(reasonOf),
      },
    },
    {
      question: 'Which out-of-scope people have no reason recorded?',
      calls: named('outOfScopeWithoutReason', { employmentStatus: ['OUT_OF_SCOPE'] }),
      expected: { ids: reportTruth(org, ['OUT_OF_SCOPE']).outOfScopeWithoutReason },
    },
    {
      question: 'How many service accounts are there?',
      calls: [list({ employmentStatus: ['SERVICE_ACCOUNT'], limit: 1 })],
      expected: { count: org.people.filter((p) => p.employmentStatus === 'SERVICE_ACCOUNT').length },
    },
    {
      question: `What is ${mfaPerson.email} failing?`,
      calls: [get(mfaPerson.email)],
      expected: { facts: ['IDENTITY_MFA', ...Object.entries(mfaPerson.checks).filter(([k, s]) => k !== 'FULL_COMPLIANCE' && FAILING.includes(s)).map(([k]) => k)] },
    },
    {
      question: `Does #${mfaPerson.id} have MFA on their identity provider?`,
      calls: [get(mfaPerson.id)],
      expected: { facts: ['MFA OFF'], structuredFacts: ['"mfa":false'] },
    },
    {
      question: `What devices does #${noDevicePerson.id} have?`,
      calls: [get(noDevicePerson.id)],
      expected: { facts: ['Devices: none'], structuredFacts: ['"devices":{"count":0,"failingCount":0}'] },
    },
    {
      question: 'How many current personnel have no device, and is that all of them?',
      calls: [list({ employmentStatus: ['ALL_CURRENT_PERSONNEL'], devices: 'none', limit: 1 })],
      expected: { count: current.filter((p) => p.devices.length === 0).length },
    },
  ];
}
