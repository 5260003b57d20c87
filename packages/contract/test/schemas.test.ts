import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import {
  AssessBody,
  CloseBody,
  DataLossBody,
  EvidenceRequestBody,
  IncidentDraft,
  IncidentTransitionBody,
  LIMITS,
  MessageBody,
  Problem,
  Receipt,
  ReportDraft,
  ReportListQuery,
  ReportView,
  readProblem,
  ReassessBody,
  ResolveBody,
  DeadlineBody,
  validate,
} from '../src/index.ts';

const NOW = '2026-11-26T09:30:00Z';

function set(target: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const copy = structuredClone(target);
  const keys = path.split('.');
  let node: Record<string, unknown> = copy;
  for (const key of keys.slice(0, -1)) {
    node[key] ??= {};
    node = node[key] as Record<string, unknown>;
  }
  const last = keys.at(-1)!;
  if (value === undefined) delete node[last];
  else node[last] = value;
  return copy;
}

/** A field's limits: values that must pass and values that must fail at that path. */
interface FieldCase {
  path: string;
  valid: unknown[];
  invalid: unknown[];
}

function checkFields(name: string, schema: z.ZodMiniType, base: Record<string, unknown>, cases: FieldCase[]) {
  describe(name, () => {
    it('accepts the base example', () => {
      const result = validate(schema, base);
      expect(result.ok ? [] : result.issues).toEqual([]);
    });

    it('names an unknown member at its own path', () => {
      const result = validate(schema, { ...base, surprise: 1 });
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.issues).toContainEqual(expect.objectContaining({ path: 'surprise', message: 'Unknown field' }));
    });

    for (const { path, valid, invalid } of cases) {
      it.each(valid.map((value) => [path, value]))('accepts %s = %j', (p, value) => {
        const result = validate(schema, set(base, p, value));
        expect(result.ok ? [] : result.issues).toEqual([]);
      });
      it.each(invalid.map((value) => [path, value]))('refuses %s = %j and names the field', (p, value) => {
        const result = validate(schema, set(base, p, value));
        expect(result.ok).toBe(false);
        // The issue names the field itself or the member inside it that is wrong.
        if (!result.ok) expect(result.issues.some((issue) => issue.path === p || issue.path.startsWith(`${p}.`))).toBe(true);
      });
    }
  });
}

const text = (n: number) => 'x'.repeat(n);

checkFields(
  'ReportDraft',
  ReportDraft,
  { kind: 'vulnerability', title: 'Stored XSS in project name', description: 'A <script> in the name runs.' },
  [
    { path: 'kind', valid: ['vulnerability', 'bug', 'data-exposure', 'other'], invalid: [undefined, 'Bug', '', 3] },
    { path: 'title', valid: ['x', text(LIMITS.titleMax), `  ${text(LIMITS.titleMax)}  `, '<img src=x onerror=alert(1)>'], invalid: [undefined, '', '   ', text(LIMITS.titleMax + 1), 'two\nlines', 'a\u0000b', 42] },
    { path: 'description', valid: ['x', text(LIMITS.longTextMax), 'many\nlines\tand tabs'], invalid: [undefined, '', text(LIMITS.longTextMax + 1), 'bell\u0007'] },
    { path: 'stepsToReproduce', valid: [undefined, '', text(LIMITS.longTextMax)], invalid: [text(LIMITS.longTextMax + 1), null] },
    { path: 'impact', valid: [undefined, {}, { dataExposed: true, serviceUnavailable: false, onlyMyAccount: true }], invalid: ['yes', { dataExposed: 'yes' }] },
    { path: 'impact.other', valid: [], invalid: [true] },
    { path: 'sawSensitiveData', valid: [true, false, undefined], invalid: ['true', 1] },
    { path: 'reporter.email', valid: [undefined, 'ada@example.com', `${text(64)}@${text(180)}.example`], invalid: ['ada', 'ada@', `${text(64)}@${text(200)}.example`, ''] },
    { path: 'reporter.name', valid: ['Ada Lovelace', text(LIMITS.nameMax)], invalid: ['', text(LIMITS.nameMax + 1), 'Ada\r\nBcc: x@evil.example'] },
    { path: 'reporter.consentToContact', valid: [true, false], invalid: ['no'] },
    { path: 'reporter.credit', valid: [{ wanted: false }, { wanted: true, name: 'Ada', url: 'https://ada.example' }], invalid: [{}, { wanted: true, url: 'javascript:alert(1)' }, { wanted: true, name: '' }] },
    { path: 'context.url', valid: ['https://app.example/p?x=1', text(LIMITS.urlMax)], invalid: [text(LIMITS.urlMax + 1), 5] },
    { path: 'context.languages', valid: [['en-GB', 'es']], invalid: [Array.from({ length: 21 }, () => 'en'), 'en'] },
    { path: 'context.viewport', valid: [{ width: 390, height: 844 }], invalid: [{ width: -1, height: 1 }, { width: 1.5, height: 1 }] },
    { path: 'context.screen', valid: [{ width: 1920, height: 1080, pixelRatio: 2 }], invalid: [{ width: 1920, height: 1080, pixelRatio: 0 }] },
    { path: 'context.colorScheme', valid: ['light', 'dark'], invalid: ['blue'] },
    { path: 'context.errors', valid: [[{ type: 'error', message: 'TypeError: x is undefined', at: NOW }]], invalid: [Array.from({ length: LIMITS.contextErrorsMax + 1 }, () => ({ type: 'console', message: 'x', at: NOW }))] },
    { path: 'context.extra', valid: [{ plan: 'pro', seats: 4, beta: true, none: null }], invalid: [{ nested: { a: 1 } }, Object.fromEntries(Array.from({ length: LIMITS.contextExtraKeysMax + 1 }, (_, i) => [`k${i}`, i]))] },
    { path: 'cvss', valid: [undefined, 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'], invalid: ['', 'CVSS:3.1/AV:N', 'high'] },
    { path: 'cwe', valid: [[], ['CWE-79', 'CWE-352']], invalid: [['79'], 'CWE-79', Array.from({ length: LIMITS.cweMax + 1 }, (_, i) => `CWE-${i + 1}`)] },
  ],
);

it('trims the draft’s text as it parses', () => {
  const result = validate(ReportDraft, { kind: 'bug', title: '  Broken export  ', description: '\n It fails \n' });
  expect(result.ok && result.value.title).toBe('Broken export');
  expect(result.ok && result.value.description).toBe('It fails');
});

it('ignores context members it does not know, so a newer SDK reaches an older server', () => {
  const result = validate(ReportDraft, { kind: 'bug', title: 't', description: 'd', context: { url: 'https://a.example', futureThing: 1 } });
  expect(result.ok).toBe(true);
  if (result.ok) expect(result.value.context).toEqual({ url: 'https://a.example' });
});

checkFields(
  'AssessBody',
  AssessBody,
  { vulnerability: true, dataCompromised: true, serverCompromised: false, denialOfService: false, scope: 'platform' },
  [
    { path: 'vulnerability', valid: [true], invalid: [undefined, 'yes', 1] },
    { path: 'dataCompromised', valid: [false], invalid: [undefined, 'true', 1] },
    { path: 'serverCompromised', valid: [true], invalid: [undefined, null] },
    { path: 'denialOfService', valid: [true], invalid: [undefined] },
    { path: 'scope', valid: ['reporter-tenant'], invalid: [undefined, 'tenant', 'PLATFORM'] },
    { path: 'cvss', valid: ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N'], invalid: ['CVSS:2.0/AV:N'] },
    { path: 'cwe', valid: [['CWE-89']], invalid: [['CWE-89', 'CWE-89']] },
    { path: 'note', valid: [text(LIMITS.messageMax)], invalid: ['', text(LIMITS.messageMax + 1)] },
  ],
);

describe('AssessBody for a report that is not a vulnerability', () => {
  it('takes no severity facts, and names each one sent', () => {
    expect(validate(AssessBody, { vulnerability: false, note: 'A how-to question.' }).ok).toBe(true);
    const withFacts = validate(AssessBody, { vulnerability: false, dataCompromised: false, scope: 'platform' });
    expect(withFacts.ok || withFacts.issues.map((issue) => issue.path)).toEqual(['dataCompromised', 'scope']);
  });
});

checkFields('ReassessBody', ReassessBody, { vulnerability: false, reason: 'It was a misconfiguration on the customer side.' }, [
  { path: 'reason', valid: ['Misread the logs.'], invalid: [undefined, '', text(LIMITS.messageMax + 1)] },
  { path: 'scope', valid: [undefined], invalid: ['platform'] },
]);

checkFields('DeadlineBody', DeadlineBody, { remediateBy: NOW, reason: 'The customer asked for a hotfix this week.' }, [
  { path: 'remediateBy', valid: ['2027-01-01T00:00:00Z'], invalid: [undefined, 'next week', '2026-11-26'] },
  { path: 'reason', valid: ['Contractual.'], invalid: [undefined, ''] },
]);

checkFields('MessageBody', MessageBody, { message: 'Here are the steps.' }, [
  { path: 'message', valid: ['x', text(LIMITS.messageMax)], invalid: [undefined, '', ' ', text(LIMITS.messageMax + 1)] },
]);

checkFields('CloseBody', CloseBody, { reason: 'spam' }, [
  { path: 'reason', valid: ['not-applicable', 'informative', 'spam'], invalid: [undefined, 'stale', 'withdrawn', 'wontfix'] },
  { path: 'duplicateOf', valid: [undefined], invalid: ['rpt_1'] },
  { path: 'note', valid: ['Reported twice'], invalid: [text(LIMITS.messageMax + 1)] },
]);

describe('CloseBody as a duplicate', () => {
  it('needs the id of the original', () => {
    expect(validate(CloseBody, { reason: 'duplicate', duplicateOf: 'rpt_1' }).ok).toBe(true);
    const missing = validate(CloseBody, { reason: 'duplicate' });
    expect(missing.ok || missing.issues.map((issue) => issue.path)).toEqual(['duplicateOf']);
    const badId = validate(CloseBody, { reason: 'duplicate', duplicateOf: '../etc' });
    expect(badId.ok || badId.issues.map((issue) => issue.path)).toEqual(['duplicateOf']);
  });
});

checkFields('ResolveBody', ResolveBody, { fixedIn: '2.4.1', releaseNote: 'Escapes project names.', details: 'Output encoding added.', affectedVersions: ['< 2.4.1'] }, [
  { path: 'fixedIn', valid: ['v2.4.1', '2026.11.3', '10.0.0-rc.1', '1.2', '1.2.3+build.5'], invalid: [undefined, '', 'latest', '2', '1.2.3.4.5', `1.${'1'.repeat(70)}`] },
  { path: 'releaseNote', valid: [text(LIMITS.noticeMax)], invalid: [undefined, '', text(LIMITS.noticeMax + 1)] },
  { path: 'details', valid: ['Output encoding added.'], invalid: [undefined, '', text(LIMITS.longTextMax + 1)] },
  { path: 'affectedVersions', valid: [undefined, ['2.0.0 – 2.4.0', '1.9.x']], invalid: [[], ['a\nb'], Array.from({ length: 21 }, (_, i) => `1.${i}`)] },
]);

checkFields('DataLossBody', DataLossBody, { affectedTenants: ['acme'], actionTaken: 'Revoked the exposed links.', customerMeasures: 'Create new links.' }, [
  { path: 'customerMeasures', valid: [text(LIMITS.noticeMax)], invalid: [undefined, '', text(LIMITS.noticeMax + 1)] },
  { path: 'affectedTenants', valid: [['acme', 'globex'], Array.from({ length: LIMITS.tenantsMax }, (_, i) => `t${i}`)], invalid: [undefined, [], ['acme', 'acme'], ['ACME'], Array.from({ length: LIMITS.tenantsMax + 1 }, (_, i) => `t${i}`)] },
  { path: 'actionTaken', valid: [text(LIMITS.noticeMax)], invalid: [undefined, '', text(LIMITS.noticeMax + 1)] },
]);

checkFields(
  'IncidentDraft',
  IncidentDraft,
  { title: 'Object storage exposure', affectedTenants: ['acme'], detectedAt: NOW, recommendedMeasures: 'Rotate keys.' },
  [
    { path: 'title', valid: [text(LIMITS.titleMax)], invalid: [undefined, '', text(LIMITS.titleMax + 1), 'a\nb'] },
    { path: 'affectedTenants', valid: [['acme', 'initech']], invalid: [[], ['a b']] },
    { path: 'detectedAt', valid: ['2026-11-26T09:30:00.123Z'], invalid: [undefined, '2026-11-26', '2026-11-26T09:30:00+02:00', 'yesterday', '2026-02-30T00:00:00Z'] },
    { path: 'recommendedMeasures', valid: [text(LIMITS.noticeMax)], invalid: ['', text(LIMITS.noticeMax + 1)] },
    { path: 'linkedReports', valid: [[], ['rpt_1']], invalid: [['bad id'], Array.from({ length: LIMITS.linkedReportsMax + 1 }, (_, i) => `r${i}`)] },
  ],
);

checkFields('IncidentTransitionBody', IncidentTransitionBody, { state: 'contained' }, [
  { path: 'state', valid: ['detected', 'notified', 'contained', 'closed'], invalid: [undefined, 'analyzed', 'open'] },
  { path: 'note', valid: ['Patched'], invalid: [''] },
  { path: 'analysis', valid: [undefined], invalid: ['Only with analysed.'] },
]);

describe('IncidentTransitionBody to analysed', () => {
  it('needs the analysis and the improvements', () => {
    expect(validate(IncidentTransitionBody, { state: 'analysed', analysis: 'A leaked key.', improvements: 'Keys rotate.' }).ok).toBe(true);
    const missing = validate(IncidentTransitionBody, { state: 'analysed' });
    expect(missing.ok || missing.issues.map((issue) => issue.path)).toEqual(['analysis', 'improvements']);
  });
});

checkFields('EvidenceRequestBody', EvidenceRequestBody, { reason: 'Audit of access to our tenant in November.', scope: { from: NOW } }, [
  { path: 'reason', valid: [text(LIMITS.evidenceReasonMin), text(LIMITS.messageMax)], invalid: [undefined, '', '   ', 'x', text(LIMITS.evidenceReasonMin - 1), text(LIMITS.messageMax + 1)] },
  { path: 'scope', valid: [{ reports: ['rpt_1'] }, { incidents: ['inc_1'] }, { from: NOW, to: NOW }], invalid: [undefined, {}] },
  { path: 'scope.to', valid: [NOW], invalid: ['2020-01-01T00:00:00Z'] },
  { path: 'scope.reports', valid: [['rpt_1', 'rpt_2']], invalid: [[], ['bad id']] },
]);

describe('ReportListQuery', () => {
  it('reads a page size from the query string and bounds it', () => {
    const ok = validate(ReportListQuery, { limit: '50', state: 'triaged', severity: 'blocker', tenant: 'acme' });
    expect(ok.ok && ok.value.limit).toBe(50);
    for (const limit of ['0', '101', '2.5', 'ten']) {
      const bad = validate(ReportListQuery, { limit });
      expect(bad.ok || bad.issues.map((issue) => issue.path)).toEqual(['limit']);
    }
    const state = validate(ReportListQuery, { state: 'open' });
    expect(state.ok || state.issues.map((issue) => issue.path)).toEqual(['state']);
  });
});

describe('response bodies', () => {
  const receipt = {
    id: 'rpt_01',
    trackingToken: 'tt_0123456789abcdef',
    state: 'received',
    receivedAt: NOW,
    acknowledgeBy: '2026-11-28T09:30:00Z',
    statusUrl: 'http://127.0.0.1:4010/v1/reports/rpt_01',
  };

  it('accepts a receipt and refuses one in another state', () => {
    expect(validate(Receipt, receipt).ok).toBe(true);
    const bad = validate(Receipt, { ...receipt, state: 'triaged' });
    expect(bad.ok || bad.issues.map((issue) => issue.path)).toEqual(['state']);
  });

  it('accepts a report view whose timeline mixes every public event', () => {
    const view = {
      id: 'rpt_01',
      state: 'resolved',
      severity: 'blocker',
      fixedIn: '2.4.1',
      releaseNoteUrl: 'http://127.0.0.1:4010/v1/release-notes#2.4.1',
      dataLossSuspected: false,
      urgent: false,
      receivedAt: NOW,
      acknowledgeBy: NOW,
      updatedAt: NOW,
      mode: 'live',
      channel: 'widget',
      attachments: [],
      kind: 'vulnerability',
      title: 't',
      description: 'd',
      timeline: [
        { at: NOW, type: 'received' },
        { at: NOW, type: 'info-requested', message: 'Which browser?', actor: 'vendor' },
        { at: NOW, type: 'reporter-replied', message: 'Chromium' },
        { at: NOW, type: 'triaged', severity: 'blocker' },
        { at: NOW, type: 'notified', kind: 'resolution', recipientCount: 5 },
        { at: NOW, type: 'resolved', fixedIn: '2.4.1' },
      ],
    };
    expect(validate(ReportView, view).ok).toBe(true);
    const bad = validate(ReportView, { ...view, timeline: [{ at: NOW, type: 'hacked' }] });
    expect(bad.ok || bad.issues.map((issue) => issue.path)).toEqual(['timeline.0.type']);
  });

  it('keeps the extension members of a problem', () => {
    const problem = { type: 'about:blank', title: 'Too Many Requests', status: 429, retryAfter: 3, traceId: 'abc' };
    const result = validate(Problem, problem);
    expect(result.ok && result.value).toEqual(problem);
    expect(validate(Problem, { ...problem, status: 99 }).ok).toBe(false);
  });
});

describe('readProblem', () => {
  const respond = (body: string, init: ResponseInit) => new Response(body, init);

  it('reads problem details, with the response’s own status', async () => {
    const problem = await readProblem(respond(JSON.stringify({ title: 'Conflict', status: 200, detail: 'Already resolved', errors: [] }), { status: 409 }));
    expect(problem).toEqual({ type: 'about:blank', title: 'Conflict', status: 409, detail: 'Already resolved', errors: [] });
  });

  it('makes problem details from the status when the body is not any', async () => {
    expect(await readProblem(respond('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }))).toEqual({ type: 'about:blank', title: 'Bad Gateway', status: 502 });
    expect(await readProblem(respond(JSON.stringify({ message: 'nope' }), { status: 500 }))).toEqual({ type: 'about:blank', title: 'Error', status: 500 });
  });
});
