// One workflow per campaign (专项行动): its dated phases 组织筹备 → 摸排 → 整改 → 验收 → 巩固提高
// and its report obligations, each a deadline on the same deadline ladder as the hazards
// (campaign-deadlines.ts: what each phase boundary and report period does, at its instant).
//
// The campaign never holds its hazards: they are workflows of their own, found through the
// read model and search attributes, so this history does not grow with their number. What it
// holds is bounded by the plan: phases, report periods × owners, and the schools that
// self-inspected. A long campaign continues as new.
//
// Human actions are Updates: a validator applies the action table's rule
// (domain/campaign/actions.ts) and refuses at once, with a reason; an accepted action is a step
// (campaign-steps.ts) whose side effects follow through the campaign's outbox.
import { allHandlersFinished, condition, continueAsNew, setHandler, workflowInfo } from '@temporalio/workflow';
import type { CampaignState } from '../common/campaign';
import { CAMPAIGN_ACTIONS, requireListedSchoolsTakePart } from '../domain/campaign/actions';
import { ON_DEMAND } from '../domain/campaign/bulletins';
import {
  campaignReadyUpdate,
  campaignStateQuery,
  issueBulletinUpdate,
  listSelfInspectionsUpdate,
  selfInspectionUpdate,
  submitReportUpdate,
  type CampaignWorkflowInput,
} from '../domain/campaign/messages';
import { armCampaign, armObligation, onCampaignRung, type CampaignLadder } from './campaign-deadlines';
import { CampaignSteps, initialState } from './campaign-steps';
import { DeadlineLadder } from './deadline-ladder';
import { setRuledUpdate } from './rule-violation';

const MAX_HISTORY_LENGTH = 10_000;

export async function campaignWorkflow(input: CampaignWorkflowInput): Promise<CampaignState> {
  const state: CampaignState = input.resume?.state ?? initialState(input);
  const ladder: CampaignLadder = new DeadlineLadder(input.resume?.ladder);
  const s = new CampaignSteps(state, input.createdBy, (o) => armObligation(ladder, state, o));
  let ready = input.resume !== undefined;
  /** Every phase closed, no deadline left, and nothing still to follow from a step (a closing's outcome may arm an order). */
  const finished = () => state.phases.every((p) => p.status === 'closed') && ladder.pending().length === 0 && s.settled;

  // -- handlers: each answers at once; its rows follow through the outbox.

  setHandler(campaignStateQuery, () => state);
  setHandler(campaignReadyUpdate, async (launchToken) => {
    await condition(() => ready);
    return { state, created: launchToken === input.launchToken };
  });

  setRuledUpdate(
    submitReportUpdate,
    (c) => CAMPAIGN_ACTIONS.report.rule(state, c.actor, c.ownerId, c.obligationKey, c.period),
    async (c) => s.submitReport(c),
  );
  setRuledUpdate(
    selfInspectionUpdate,
    (c) => CAMPAIGN_ACTIONS.selfInspection.rule(state, c.actor, c.schoolId),
    async (c) => s.selfInspection(c),
  );
  setRuledUpdate(
    listSelfInspectionsUpdate,
    (c) =>
      requireListedSchoolsTakePart(
        state,
        c.schools.map((x) => x.schoolId),
      ),
    async (c) => s.listSelfInspections(c),
  );
  setRuledUpdate(
    issueBulletinUpdate,
    (c) => CAMPAIGN_ACTIONS.issueBulletin.rule(state, c.actor),
    // The lead asked to see it: answered once it is computed and kept (the deadlines do not wait on it).
    async ({ actor }) => {
      const asked = s.bulletin(ON_DEMAND, actor);
      const issued = () => ('no' in asked ? state.bulletins?.[asked.no - 1] : state.bulletins?.find((b) => b.at === asked.at));
      await condition(() => issued()?.computed === true);
      return { no: issued()!.no };
    },
  );

  // -- main

  if (!input.resume) {
    armCampaign(ladder, state);
    s.launch();
    ready = true;
  }
  // The side effects follow the steps, beside the deadlines, for as long as the workflow runs; a
  // bulletin once the deadlines of its instant have all fired.
  s.carryOut();
  let laddering = false;
  s.followBulletins(() => laddering && ladder.pending().some((r) => r.at <= Date.now()));

  const limit = input.historyLimit ?? MAX_HISTORY_LENGTH;
  laddering = true;
  await ladder.run(
    async (fired) => onCampaignRung(s, fired),
    finished,
    () => workflowInfo().historyLength > limit || workflowInfo().continueAsNewSuggested,
  );
  laddering = false;
  // A new run or the end only once every handler has answered and every side effect is done.
  await condition(() => allHandlersFinished() && s.settled);
  if (!finished()) {
    await continueAsNew<typeof campaignWorkflow>({ ...input, resume: { state, ladder: ladder.snapshot() } });
  }
  s.complete();
  await condition(() => s.settled);
  return state;
}
