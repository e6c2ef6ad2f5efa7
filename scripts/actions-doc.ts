// `npm run docs:actions`: writes docs/actions.md — who may do what, from which state, with which
// fields, and the 工作台 item it makes — from the action tables themselves (domain/hazard/actions.ts,
// domain/campaign/actions.ts); tests/unit/actions-doc.test.ts fails when the page is out of date.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { HAZARD_STATUSES, HAZARD_STATUS_LABELS, ROLE_LABELS, type Role } from '../common/hazard';
import { CAMPAIGN_ACTIONS } from '../domain/campaign/actions';
import { allowedActions, HAZARD_ACTIONS, HAZARD_ACTION_KEYS, workItemsOf, type HazardActionDef } from '../domain/hazard/actions';
import { reachableHazardStates, SAMPLE_ACTORS } from '../domain/hazard/samples';

export const ACTIONS_DOC = path.resolve(__dirname, '..', 'docs', 'actions.md');

const roles = (rs: Role[]) => rs.map((r) => ROLE_LABELS[r]).join('、');
const cell = (s: string) => s.replace(/\|/g, '\\|');

/** The statuses from which some actor may take it (those only under 挂牌督办 marked so), from the rule run over the reachable states. */
function fromStatuses(key: (typeof HAZARD_ACTION_KEYS)[number], nowMs: number): string {
  const states = reachableHazardStates(nowMs);
  const allowedIn = (listed: boolean) => new Set(states.filter((f) => f.listedSupervision === listed && SAMPLE_ACTORS.some((a) => allowedActions(f, a).includes(key))).map((f) => f.status));
  const plain = allowedIn(false);
  const listed = allowedIn(true);
  return HAZARD_STATUSES.filter((s) => plain.has(s) || listed.has(s))
    .map((s) => `${HAZARD_STATUS_LABELS[s]}${plain.has(s) ? '' : '（挂牌督办时）'}`)
    .join('、');
}

/** Its 工作台 items, by who gets them, as the rule lists them over the reachable states. */
function workOf(key: (typeof HAZARD_ACTION_KEYS)[number], nowMs: number): string {
  const labels = new Map<string, Set<string>>();
  for (const f of reachableHazardStates(nowMs)) {
    for (const a of SAMPLE_ACTORS) {
      for (const w of workItemsOf(f, a, nowMs)) if (w.action === key) labels.set(w.label, (labels.get(w.label) ?? new Set()).add(ROLE_LABELS[a.role as Role]));
    }
  }
  return [...labels].map(([label, who]) => `${label}（${[...who].join('、')}）`).join('；') || '—';
}

export function actionsDoc(nowMs = Date.parse('2026-06-01T00:00:00Z')): string {
  const hazardRows = HAZARD_ACTION_KEYS.map((key) => {
    const def: HazardActionDef = HAZARD_ACTIONS[key];
    const fields = [...new Map(def.fields.map((f) => [f.name, f])).values()]
      .map((f) => `${f.label.replace(/（.*）$/, '')}${f.required ? '（必填）' : f.requiredWhen ? '（不通过时必填）' : ''}`)
      .join('、');
    return `| ${def.label} | \`POST /api/hazards/{id}/${def.path}\` | ${roles(def.roles)} | ${fromStatuses(key, nowMs)} | ${cell(fields)} | ${workOf(key, nowMs)} |`;
  });
  const campaignRows = Object.values(CAMPAIGN_ACTIONS).map(
    (def) => `| ${def.label} | \`POST /api/campaigns/{id}/${def.path}\` | ${roles(def.roles)} | ${cell(def.rolesNote)} | ${cell(def.summary)} |`,
  );
  return [
    '# Who may do what',
    '',
    'Written by `npm run docs:actions` from the action tables (`domain/hazard/actions.ts`, `domain/campaign/actions.ts`);',
    'a test fails when this page is out of date. The same tables give the routes, the OpenAPI document,',
    "the web app's forms, `actions` in `GET /api/hazards/:id` and `GET /api/campaigns/:id`, and the 工作台.",
    'Who may *see* a hazard is `domain/scope.ts`: departments what is assigned to them, schools their own,',
    "the local government its jurisdiction's major hazards and those under its 挂牌督办, the others all.",
    '',
    '## A hazard',
    '',
    '| 办理事项 | API | 谁可办理 | 自何状态 | 填写 | 工作台事项（给谁） |',
    '|---|---|---|---|---|---|',
    ...hazardRows,
    '',
    'A unit acts on a hazard only while it is the responsible unit (the education bureau and the lead office may act for it);',
    'the local government only under its 挂牌督办; a school withdraws only its own hazard, before a department has it.',
    '',
    '## A campaign',
    '',
    '| 办理事项 | API | 谁可办理 | 说明 | 摘要 |',
    '|---|---|---|---|---|',
    ...campaignRows,
    '',
  ].join('\n');
}

if (require.main === module) {
  writeFileSync(ACTIONS_DOC, actionsDoc());
  console.log(`wrote ${path.relative(process.cwd(), ACTIONS_DOC)}`);
}
