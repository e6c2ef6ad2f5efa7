// The yardstick of `npm run bench`: a workflow that does nothing, started raw with
// client.workflow.start on the same server as the product's, so the product's rates are read as
// ratios of what Temporal itself does on this machine in the same run.
export async function benchTrivialWorkflow(): Promise<string> {
  return 'done';
}
