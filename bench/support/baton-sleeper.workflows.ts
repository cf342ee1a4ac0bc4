// Baton's workflow bundle plus the trivial sleeper: the same sleeping workflow, but with every module Baton's
// workflows bring in evaluated for it (the SDK evaluates the whole bundle for each workflow it caches).
export * from '../../workflows/workflows';
export { sleeperWorkflow } from './sleeper.workflows';
