/** Markdown reference documents generated from the catalog, so the docs cannot drift from the code. */
import {
  CHECK_FILTER_PARAM,
  COMPLIANCE_CHECK_MEANINGS,
  COMPLIANCE_CHECK_TYPES,
  DEPRECATED_STATUSES,
  DEVICE_COMPLIANCE_PARAM,
  EMPLOYMENT_STATUS_MEANINGS,
  EMPLOYMENT_STATUSES,
  FORMER_STATUSES,
  LIMITS,
  V1_STATUS_AGGREGATES,
} from '../drata/catalog.js';

export interface DocResource {
  name: string;
  uri: string;
  title: string;
  description: string;
  text: () => string;
}

export const employmentStatusesDoc: DocResource = {
  name: 'employment-statuses',
  uri: 'drata://docs/employment-statuses',
  title: 'Drata employment statuses',
  description:
    'Every employment status, what it means, deprecated ones, aggregate filters and the rules for setting one.',
  text: () => {
    const rows = EMPLOYMENT_STATUSES.map(
      (s) =>
        `| \`${s}\` | ${EMPLOYMENT_STATUS_MEANINGS[s]}${DEPRECATED_STATUSES.includes(s) ? ' **(deprecated)**' : ''} |`,
    );
    const aggregates = Object.entries(V1_STATUS_AGGREGATES).map(
      ([name, list]) => `| \`${name}\` | ${list.map((s) => `\`${s}\``).join(', ')} |`,
    );
    return [
      '# Employment statuses',
      '',
      '| status | meaning |',
      '|---|---|',
      ...rows,
      '',
      '## Aggregate filters (list_personnel `employmentStatus`)',
      '',
      '| value | expands to |',
      '|---|---|',
      ...aggregates,
      '',
      'Current personnel are the ones compliance checks apply to. The deprecated `SPECIAL_FORMER_*` statuses cannot be combined with other statuses in a searched or compliance-filtered list (the V1 API does not accept them in `employmentStatuses[]`): list them alone or through `ALL_FORMER_PERSONNEL`.',
      '',
      '## Rules for setting a status (update_personnel)',
      '',
      `- \`OUT_OF_SCOPE\` needs \`notHumanReason\` (1 to ${LIMITS.notHumanReasonMax} characters): why this is not a person to audit (a shared mailbox, a bot, a test account).`,
      `- ${FORMER_STATUSES.map((s) => `\`${s}\``).join(', ')} need a separation date: pass \`separatedAt\` (YYYY-MM-DD) unless the person already has one.`,
      '- A separation date may not precede the start date.',
      '- `SERVICE_ACCOUNT` is normally set automatically for accounts the IdP marks as non-human; `FUTURE_HIRE` and `UNKNOWN` come from HRIS matching.',
      '- Setting a status or a date manually pauses IdP/HRIS sync for that field: Drata ignores the identity provider and HRIS for it until `resync_personnel` restores the synced values. `get_personnel` shows a manually set status as "set manually <date>".',
      '- With `DRATA_WRITE_API=v2` (default) one `PUT /personnel/{id}` carries every change; with `v1`, dates go to `PUT /personnel/{id}/contract-dates` and the status to `PUT /personnel/{id}/status`.',
    ].join('\n');
  },
};

export const complianceChecksDoc: DocResource = {
  name: 'compliance-checks',
  uri: 'drata://docs/compliance-checks',
  title: 'Drata personnel compliance checks',
  description: 'Every compliance check type, what it means, and the list_personnel filter that selects it.',
  text: () => {
    const rows = COMPLIANCE_CHECK_TYPES.map(
      (t) =>
        `| \`${t}\` | ${COMPLIANCE_CHECK_MEANINGS[t]} | \`failing: ["${t}"]\` (or \`passing\`, \`excluded\`) | \`${CHECK_FILTER_PARAM[t]}\` |`,
    );
    return [
      '# Compliance checks',
      '',
      'Each person has one check per type that applies to them. A check is `PASS`, `FAIL`, `MISCONFIGURED` (the integration behind it is not set up correctly) or `EXCLUDED` (an admin excluded the person, with a reason and optional end date).',
      '',
      '- `failing` selects `FAIL` and `MISCONFIGURED`; `passing` selects `PASS` and `EXCLUDED` (an exclusion counts as compliant); `excluded` selects `EXCLUDED`. People without a check of that type match none. V1\'s own `<check>Compliance=false` means "anything but PASS": the server narrows with it and keeps exactly what was asked.',
      `- \`devices\`: \`none\` (no device), \`anyFailing\` (at least one non-compliant device), \`allCompliant\` (at least one device, all compliant); narrowed with V1 \`${DEVICE_COMPLIANCE_PARAM}\`.`,
      '- `FULL_COMPLIANCE` is the overall verdict; list rows omit it when a more specific failing check explains it.',
      '',
      '| check | meaning | list_personnel filter | V1 query parameter |',
      '|---|---|---|---|',
      ...rows,
      '',
      'For org-wide counts and who fails what, use `personnel_compliance_report` (one call) rather than paging `list_personnel`.',
    ].join('\n');
  },
};

export const DOCS: readonly DocResource[] = [employmentStatusesDoc, complianceChecksDoc];
