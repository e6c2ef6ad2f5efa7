// Every workflow the worker runs.
export { hazardWorkflow } from './hazard';
