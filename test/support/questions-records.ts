/**
 * Everyday questions over whole records (issue #18): identities by provider, MFA per identity, the device at
 * fault, service accounts, groupings, date ranges combined with identities or devices. Each is one
 * list_personnel call (two when a second page is needed); the truth comes from the sandbox's own records
 * (query-truth.ts). Shares Question and the checks of questions.ts.
 */
import { CURRENT_STATUSES } from '../../src/drata/catalog.js';
import type { Org } from '../../src/sandbox/index.js';
import { deviceOk, groupTruth, queryTruth, type TruthQuery } from './query-truth.js';
import type { Question } from './questions.js';

const listCall = (args: Record<string, unknown>) => () => ({ name: 'list_personnel', args: { limit: 50, ...args } });
const nextPage = (args: Record<string, unknown>) => (prev: Record<string, unknown> | undefined) => {
  const cursor = prev?.nextCursor as string | undefined;
  return cursor ? { name: 'list_personnel', args: { limit: 50, ...args, cursor } } : undefined;
};

const DAY = 86_400_000;

/** A "who" question: everyone's id and the total, in at most two pages. */
type Facts = (ids: number[]) => { facts: string[]; structuredFacts: string[] };

function who(org: Org, question: string, q: TruthQuery, facts?: Facts): Question {
  const people = queryTruth(org, q);
  const ids = people.map((p) => p.id);
  if (ids.length > 100) throw new Error(`${question}: ${ids.length} people, more than two pages`);
  return {
    question,
    calls: [listCall(q as Record<string, unknown>), nextPage(q as Record<string, unknown>)],
    expected: { count: ids.length, ids, ...(facts ? facts(ids) : {}) },
  };
}

/** A "how many, by …" question: the total and the largest groups, in one call. */
function grouped(org: Org, question: string, q: TruthQuery): Question {
  const groups = [...groupTruth(org, q)].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 3);
  return {
    question,
    calls: [listCall(q as Record<string, unknown>)],
    expected: {
      count: queryTruth(org, q).length,
      facts: groups.map(([k, n]) => `${k}: ${n}`),
      structuredFacts: groups.map(([k, n]) => `{"key":${JSON.stringify(k)},"count":${n}}`),
    },
  };
}

/** A "how many" question: the exact total, in one call. */
function counted(org: Org, question: string, q: TruthQuery): Question {
  return { question, calls: [listCall({ ...q, countOnly: true })], expected: { count: queryTruth(org, q).length } };
}

export function recordQuestions(org: Org): Question[] {
  const today = new Date(org.now).toISOString().slice(0, 10);
  const monthAgo = new Date(org.now - 30 * DAY).toISOString().slice(0, 10);
  const yearStart = `${today.slice(0, 4)}-01-01`;
  const separatedSince = new Date(org.now - 120 * DAY).toISOString().slice(0, 10);
  const recently = new Date(org.now - 90 * DAY).toISOString().slice(0, 10);
  const reasonWord = org.people.map((p) => p.notHumanReason?.split(/\s+/).find((w) => w.length > 5)).find(Boolean) ?? 'test';
  const hddDevice = (ids: number[]) => {
    const devices = ids.flatMap((id) => org.get(id)?.devices.filter((d) => deviceOk(d, { failing: ['HDD_ENCRYPTION'] })) ?? []);
    return {
      facts: devices.map((d) => `device #${d.id} `),
      structuredFacts: devices.map((d) => `{"id":${d.id},"model":`),
    };
  };
  const current = [...CURRENT_STATUSES];
  return [
    who(org, 'Which current contractors still have a connected GitHub identity?', {
      employmentStatus: ['CURRENT_CONTRACTOR'],
      identity: { provider: 'GITHUB', connected: true },
    }),
    who(org, 'Which service accounts have a connected identity without MFA?', {
      employmentStatus: ['SERVICE_ACCOUNT'],
      identity: { connected: true, mfa: 'off' },
    }),
    who(org, 'Who fails disk encryption (current personnel), and on which device?', { employmentStatus: current, device: { failing: ['HDD_ENCRYPTION'] } }, hddDevice),
    who(org, `Who left since ${separatedSince} and still has an identity connected?`, {
      employmentStatus: ['ALL_FORMER_PERSONNEL'],
      separatedFrom: separatedSince,
      identity: { connected: true },
    }),
    who(org, 'Which current contractors have no device at all?', { employmentStatus: ['CURRENT_CONTRACTOR'], device: { max: 0 } }),
    who(org, 'Which service accounts have a device?', { employmentStatus: ['SERVICE_ACCOUNT'], device: {} }),
    who(org, `Which out-of-scope people have a reason mentioning "${reasonWord}"?`, { employmentStatus: ['OUT_OF_SCOPE'], reason: reasonWord }),
    who(org, `Who started since ${recently} and has an identity without MFA?`, {
      employmentStatus: current,
      startedFrom: recently,
      identity: { mfa: 'off', connected: true },
    }),
    grouped(org, 'How many current personnel have an identity, by provider?', { employmentStatus: current, groupBy: 'provider' }),
    grouped(org, 'MFA per identity provider for current personnel: how many on and off?', { employmentStatus: current, groupBy: 'mfa' }),
    grouped(org, 'Current devices by MDM source', { employmentStatus: current, groupBy: 'source' }),
    grouped(org, 'Which device models fail disk encryption most?', {
      employmentStatus: current,
      device: { failing: ['HDD_ENCRYPTION'] },
      groupBy: 'model',
    }),
    grouped(org, 'Headcount by employment status', { groupBy: 'status' }),
    grouped(org, `Hires per month since ${yearStart}`, { startedFrom: yearStart, groupBy: 'startMonth' }),
    grouped(org, 'Departures per month (former personnel)', { employmentStatus: ['ALL_FORMER_PERSONNEL'], groupBy: 'separationMonth' }),
    grouped(org, 'Out-of-scope people by reason', { employmentStatus: ['OUT_OF_SCOPE'], groupBy: 'reason' }),
    counted(org, 'How many current personnel have two or more devices?', { employmentStatus: current, device: { min: 2 } }),
    counted(org, `How many current personnel have a device not seen since ${monthAgo}?`, {
      employmentStatus: current,
      device: { seenBefore: monthAgo },
    }),
    counted(org, 'How many current personnel fail or are excluded from the background check?', {
      employmentStatus: current,
      checkStatus: { BG_CHECK: ['FAIL', 'MISCONFIGURED', 'EXCLUDED'] },
    }),
    counted(org, 'How many people had their status set manually (sync paused)?', { manual: true }),
    counted(org, 'How many engineers fail MFA?', { employmentStatus: current, jobTitle: 'Engineer', failing: ['IDENTITY_MFA'] }),
  ];
}
