/**
 * Fidelity: fixed compliance questions answered through the tools (in-memory MCP client, real HTTP to the
 * sandbox, org of 1,000), each checked against ground truth computed from the sandbox's own data
 * (test/support/truth.ts and the sandbox's org model), never through the server's code.
 *
 * A question passes when the answer is in the tool output: counts exact, and every name the question asks
 * for present (in the report's deterministic order, or by paging list_personnel to the end where the
 * report only shows the first names).
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  COMPLIANCE_CHECK_TYPES,
  type ComplianceCheckType,
  CURRENT_STATUSES,
  EMPLOYMENT_STATUSES,
  FORMER_STATUSES,
} from '../../src/drata/catalog.js';
import {
  connectedIdentities,
  DEVICE_CHECK_TYPES,
  devicePasses,
  isDeviceCompliant,
  matchesCheckFilter,
  type Org,
  type SandboxPerson,
} from '../../src/sandbox/index.js';
import { startFixture } from '../../test/support/sandbox.js';
import { reportTruth, sortIds } from '../../test/support/truth.js';
import { type Figure, figure, log, textOf } from './util.js';

export interface Answer {
  question: string;
  pass: boolean;
  detail: string;
}

type List = { count: number; people: Array<{ id: number; detail?: string }>; more?: number };
type Report = {
  total: number;
  complete: boolean;
  byStatus: Record<string, number>;
  checks: Array<{ type: string; pass: number; fail: number; misconfigured: number; excluded: number }>;
  mfaGaps?: List;
  offboardingGaps?: List;
  offboardingIdentity?: List;
  trainingExpired?: List;
  trainingNeverCompleted?: List;
  trainingDueSoon?: List;
  outOfScopeWithoutReason?: List;
  namesPerList: number;
};

const TRAININGS: ComplianceCheckType[] = ['SECURITY_TRAINING', 'HIPAA_TRAINING', 'NIST_AI_TRAINING'];
const ORG_SIZES = [250, 1000];

const sameSet = (a: readonly number[], b: readonly number[]) => {
  const sa = new Set(a);
  return sa.size === new Set(b).size && b.every((x) => sa.has(x));
};

/** A report list against the truth (ids sorted as the report sorts them): count exact, shown names a prefix. */
function checkList(list: List | undefined, truth: readonly number[], text: string): string | undefined {
  const count = list?.count ?? 0;
  if (count !== truth.length) return `count ${count}, truth ${truth.length}`;
  const shown = list?.people.map((p) => p.id) ?? [];
  const expected = truth.slice(0, shown.length);
  if (shown.some((id, i) => id !== expected[i]))
    return `names differ: ${shown.slice(0, 5)} vs ${expected.slice(0, 5)}`;
  if (shown.length + (list?.more ?? 0) !== count)
    return `shown ${shown.length} + more ${list?.more} ≠ ${count}`;
  const missing = shown.filter((id) => !text.includes(`#${id}`));
  if (missing.length) return `ids missing from the text: ${missing.slice(0, 5)}`;
  if (shown.length < count) return `only ${shown.length} of ${count} named`;
  return undefined;
}

/** Page list_personnel to the end (bounded): the ids, and the total the first page announced. */
async function listAll(
  client: Client,
  args: Record<string, unknown>,
): Promise<{ ids: number[]; total?: number }> {
  const ids: number[] = [];
  let total: number | undefined;
  let cursor: string | undefined;
  for (let page = 0; page < 100; page++) {
    const r = await client.callTool({
      name: 'list_personnel',
      arguments: cursor ? { cursor } : { ...args, limit: 50 },
    });
    if (r.isError) throw new Error(`list_personnel failed: ${textOf(r)}`);
    const s = r.structuredContent as { rows: unknown[][]; total?: number; nextCursor?: string };
    total ??= s.total;
    for (const row of s.rows) ids.push(Number(row[0]));
    cursor = s.nextCursor;
    if (!cursor) break;
  }
  return { ids, total };
}

/** Ids in the report's (name, id) order. */
const sortIdsOf = (org: Org, ids: readonly number[]): number[] =>
  sortIds(org.people.filter((p) => ids.includes(p.id)));

const failingTypes = (p: SandboxPerson): string[] => {
  const failing = Object.entries(p.checks)
    .filter(([, s]) => s === 'FAIL' || s === 'MISCONFIGURED')
    .map(([t]) => t);
  const specific = failing.filter((t) => t !== 'FULL_COMPLIANCE');
  return specific.length ? specific : failing;
};

function pick(org: Org, what: string, test: (p: SandboxPerson) => boolean): SandboxPerson {
  const p = org.people.find(test);
  if (!p) throw new Error(`the sandbox org has nobody who is ${what}`);
  return p;
}

export async function runFidelity(): Promise<{ figures: Figure[]; answers: Answer[] }> {
  const figures: Figure[] = [];
  const answers: Answer[] = [];
  for (const size of ORG_SIZES) {
    const out = await fidelityFor(size);
    answers.push(...out.answers.map((a) => ({ ...a, question: `[${size}] ${a.question}` })));
    figures.push(...out.figures);
  }
  return { figures, answers };
}

async function fidelityFor(size: number): Promise<{ figures: Figure[]; answers: Answer[] }> {
  log(`fidelity: org of ${size}…`);
  const f = await startFixture({ sandbox: { size } });
  const answers: Answer[] = [];
  const ask = async (question: string, answer: () => Promise<string | undefined>) => {
    try {
      const problem = await answer();
      answers.push({ question, pass: problem === undefined, detail: problem ?? 'ok' });
    } catch (err) {
      answers.push({ question, pass: false, detail: err instanceof Error ? err.message : String(err) });
    }
  };
  try {
    const { client, sandbox } = f;
    const org = sandbox.org;
    const report = async (args: Record<string, unknown>) => {
      const r = await client.callTool({ name: 'personnel_compliance_report', arguments: args });
      if (r.isError) throw new Error(`report failed: ${textOf(r)}`);
      return { report: r.structuredContent as Report, text: textOf(r) };
    };
    const get = async (personnel: number | string) => {
      const r = await client.callTool({ name: 'get_personnel', arguments: { personnel } });
      if (r.isError) throw new Error(`get_personnel failed: ${textOf(r)}`);
      return textOf(r);
    };
    const current = [...CURRENT_STATUSES];
    const all = [...EMPLOYMENT_STATUSES];

    await ask(
      'Who fails MFA? (current personnel; the report names, list_personnel pages to the end)',
      async () => {
        const truth = reportTruth(org, current, ['IDENTITY_MFA']).mfaGaps;
        const { report: r, text } = await report({ checks: ['IDENTITY_MFA'], maxNames: 100 });
        const named = checkList(r.mfaGaps, truth, text);
        if (named && !named.startsWith('only ')) return `report: ${named}`;
        const listed = await listAll(client, {
          failing: ['IDENTITY_MFA'],
          employmentStatus: ['ALL_CURRENT_PERSONNEL'],
        });
        if (listed.total !== truth.length) return `list total ${listed.total}, truth ${truth.length}`;
        return sameSet(listed.ids, truth) ? undefined : 'paged list_personnel ids differ from truth';
      },
    );

    // Training is counted per training type: each report list counts one training only.
    type TrainingEntry = { type: string; expired: List; neverCompleted: List; dueSoon: List };
    const trainingOf = (r: Record<string, unknown>, type: string) =>
      (r.training as TrainingEntry[] | undefined)?.find((t) => t.type === type);
    await ask('Who is overdue on training? (security, HIPAA, NIST AI; current personnel)', async () => {
      // Overdue = expired or never completed: the report counts and names each (one list per call in full).
      const truth = reportTruth(org, current, TRAININGS).training;
      for (const [name, key] of [['trainingExpired', 'expired'], ['trainingNeverCompleted', 'neverCompleted']] as const) {
        const { report: r, text } = await report({ checks: TRAININGS, lists: [name], maxNames: 500 });
        for (const type of TRAININGS) {
          const named = checkList(trainingOf(r, type)?.[key], truth[type]?.[key] ?? [], text);
          if (named) return `${type} ${key}: ${named}`;
        }
      }
      return undefined;
    });

    await ask('Whose training is due within 30 days?', async () => {
      const truth = reportTruth(org, current, TRAININGS).training;
      // As the tool description says: one list in full, the others as counts.
      const { report: r, text } = await report({ checks: TRAININGS, lists: ['trainingDueSoon'], maxNames: 500 });
      for (const type of TRAININGS) {
        const named = checkList(trainingOf(r, type)?.dueSoon, truth[type]?.dueSoon ?? [], text);
        if (named) return `${type} dueSoon: ${named}`;
      }
      return undefined;
    });

    await ask('Which former employees still have a connected identity?', async () => {
      const former = org.people.filter((p) => FORMER_STATUSES.includes(p.employmentStatus));
      const truth = former
        .filter((p) => p.identities.some((i) => i.disconnectedAt === null))
        .map((p) => p.id);
      const { report: r, text } = await report({
        employmentStatus: ['ALL_FORMER_PERSONNEL'],
        lists: ['offboardingIdentity'],
        maxNames: 500,
      });
      return checkList(r.offboardingIdentity, sortIdsOf(org, truth), text);
    });

    await ask(
      'Which former personnel have an offboarding gap (identity connected or device reporting)?',
      async () => {
        const truth = reportTruth(org, [...FORMER_STATUSES]).offboardingGaps;
        const { report: r, text } = await report({
          employmentStatus: ['ALL_FORMER_PERSONNEL'],
          lists: ['offboardingGaps'],
          maxNames: 500,
        });
        return checkList(r.offboardingGaps, truth, text);
      },
    );

    await ask('How many people are in each employment status?', async () => {
      const truth = reportTruth(org, all);
      const { report: r } = await report({ employmentStatus: ['ALL_PERSONNEL'] });
      if (r.total !== truth.total) return `total ${r.total}, truth ${truth.total}`;
      return JSON.stringify(r.byStatus) === JSON.stringify(sortKeys(truth.byStatus, r.byStatus))
        ? undefined
        : `byStatus ${JSON.stringify(r.byStatus)} vs ${JSON.stringify(truth.byStatus)}`;
    });

    await ask('For each compliance check, how many pass, fail, are misconfigured or excluded?', async () => {
      const truth = reportTruth(org, all);
      const { report: r } = await report({ employmentStatus: ['ALL_PERSONNEL'] });
      for (const type of COMPLIANCE_CHECK_TYPES) {
        const t = truth.checks[type] ?? { pass: 0, fail: 0, misconfigured: 0, excluded: 0 };
        const c = r.checks.find((x) => x.type === type) ?? {
          pass: 0,
          fail: 0,
          misconfigured: 0,
          excluded: 0,
        };
        if (
          c.pass !== t.pass ||
          c.fail !== t.fail ||
          c.misconfigured !== t.misconfigured ||
          c.excluded !== t.excluded
        )
          return `${type}: ${c.pass}/${c.fail}/${c.misconfigured}/${c.excluded} vs ${t.pass}/${t.fail}/${t.misconfigured}/${t.excluded}`;
      }
      return undefined;
    });

    await ask('Who is OUT_OF_SCOPE without a reason?', async () => {
      const truth = reportTruth(org, all).outOfScopeWithoutReason;
      const { report: r, text } = await report({ employmentStatus: ['ALL_PERSONNEL'], maxNames: 100 });
      return checkList(r.outOfScopeWithoutReason, truth, text);
    });

    await ask('Which current personnel fail disk encryption? (list_personnel, paged)', async () => {
      const truth = org.people
        .filter(
          (p) =>
            CURRENT_STATUSES.includes(p.employmentStatus) && matchesCheckFilter(p, 'HDD_ENCRYPTION', false),
        )
        .map((p) => p.id);
      const listed = await listAll(client, {
        failing: ['HDD_ENCRYPTION'],
        employmentStatus: ['ALL_CURRENT_PERSONNEL'],
      });
      if (listed.total !== truth.length) return `total ${listed.total}, truth ${truth.length}`;
      return sameSet(listed.ids, truth) ? undefined : 'ids differ from truth';
    });

    await ask('What is the status of an out-of-scope person, and why?', async () => {
      const p = pick(
        org,
        'OUT_OF_SCOPE with a reason',
        (x) => x.employmentStatus === 'OUT_OF_SCOPE' && !!x.notHumanReason,
      );
      const text = await get(p.id);
      if (!text.includes('Status: OUT_OF_SCOPE')) return 'status missing';
      return text.includes(p.notHumanReason as string) ? undefined : 'reason missing';
    });

    await ask('What is the status of a former employee, and since when?', async () => {
      const p = pick(
        org,
        'FORMER_EMPLOYEE with a separation date',
        (x) => x.employmentStatus === 'FORMER_EMPLOYEE' && !!x.separationDate,
      );
      const text = await get(p.id);
      if (!text.includes('Status: FORMER_EMPLOYEE')) return 'status missing';
      return text.includes(`separated ${p.separationDate}`) ? undefined : 'separation date missing';
    });

    await ask('Why is a current employee not compliant? (every failing check named)', async () => {
      const p = pick(
        org,
        'a current employee failing three or more checks',
        (x) => x.employmentStatus === 'CURRENT_EMPLOYEE' && failingTypes(x).length >= 3,
      );
      const text = await get(p.id);
      if (!text.includes('Status: CURRENT_EMPLOYEE')) return 'status missing';
      const line = text.split('\n').find((l) => l.startsWith('Failing checks:')) ?? '';
      const missing = failingTypes(p).filter((t) => !line.includes(t));
      return missing.length ? `failing checks missing: ${missing.join(', ')}` : undefined;
    });

    await ask('Was this status set by hand (IdP/HRIS sync paused)?', async () => {
      const p = pick(org, 'someone with a manual status', (x) => x.statusUpdatedAt !== null);
      const text = await get(p.id);
      const day = new Date(p.statusUpdatedAt as number).toISOString().slice(0, 10);
      return text.includes(`set manually ${day}`) ? undefined : `"set manually ${day}" missing`;
    });

    await ask('Which of this person’s devices fail which checks?', async () => {
      const p = pick(
        org,
        'someone with a non-compliant device',
        (x) => CURRENT_STATUSES.includes(x.employmentStatus) && x.devices.some((d) => !isDeviceCompliant(d)),
      );
      const text = await get(p.id);
      for (const d of p.devices.filter((x) => !isDeviceCompliant(x))) {
        const line = text.split('\n').find((l) => l.includes(`#${d.id} `));
        if (!line) return `device #${d.id} missing`;
        const failing = DEVICE_CHECK_TYPES.filter((t) => !devicePasses(d, t));
        const missing = failing.filter((t) => !line.includes(t));
        if (missing.length) return `device #${d.id}: ${missing.join(', ')} missing`;
      }
      return undefined;
    });

    await ask('Which of this person’s identities lack MFA?', async () => {
      const p = pick(
        org,
        'a current person with an IdP identity lacking MFA',
        (x) =>
          CURRENT_STATUSES.includes(x.employmentStatus) &&
          connectedIdentities(org, x).some((i) => !i.hasMfa && !org.connection(i.connectionId).isHris),
      );
      const text = await get(p.id);
      // "Identities (IdP: decides IDENTITY_MFA): GOOGLE a@x IdP MFA OFF connected, BAMBOO_HR E1 HRIS record, …"
      const line = text.split('\n').find((l) => l.startsWith('Identities')) ?? '';
      for (const i of connectedIdentities(org, p).filter((x) => !x.hasMfa)) {
        const at = line.indexOf(` ${i.username} `);
        const part = at < 0 ? undefined : line.slice(at, line.indexOf(' connected', at));
        // An HRIS record is not a login: its MFA reads n/a, with what the API reports beside it.
        const expected = org.connection(i.connectionId).isHris ? 'MFA n/a (reports off)' : 'MFA OFF';
        if (!part?.includes(expected)) return `identity ${i.username} not shown as ${expected}`;
      }
      return undefined;
    });

    await ask('Find a person by email and by name', async () => {
      const p = pick(
        org,
        'someone with a last name',
        (x) => !!x.lastName && CURRENT_STATUSES.includes(x.employmentStatus),
      );
      const byEmail = await get(p.email.toUpperCase());
      if (!byEmail.includes(`(#${p.id})`)) return 'get_personnel by email did not find them';
      const listed = await listAll(client, { search: p.lastName });
      return listed.ids.includes(p.id) ? undefined : 'list_personnel search did not find them';
    });

    const passed = answers.filter((a) => a.pass).length;
    const score = passed / answers.length;
    return {
      answers,
      figures: [
        figure(
          'fidelity',
          `questions answered correctly, org of ${size.toLocaleString('en-US')}`,
          Math.round(score * 1000) / 10,
          '%',
          { target: '100%', pass: passed === answers.length },
          `${passed} of ${answers.length} questions, org of ${size}${
            passed < answers.length
              ? `; missed: ${answers
                .filter((a) => !a.pass)
                .map((a) => `${a.question} (${a.detail})`)
                .join('; ')}`
              : ''
          }`,
        ),
      ],
    };
  } finally {
    await f.close();
  }
}

/** `truth` with its keys in `like`'s order (so two equal records stringify the same). */
function sortKeys(truth: Record<string, number>, like: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of Object.keys(like)) if (k in truth) out[k] = truth[k] as number;
  for (const k of Object.keys(truth)) if (!(k in out)) out[k] = truth[k] as number;
  return out;
}
