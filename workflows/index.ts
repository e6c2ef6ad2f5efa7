// Every workflow the worker runs.
export { hazardWorkflow } from './hazard';
export { campaignWorkflow } from './campaign';
export { hazardImportWorkflow } from './hazard-import';
export { invitationMailWorkflow } from './invitation';
