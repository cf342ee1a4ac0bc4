/**
 * The process interpreter: a pure, deterministic engine that runs a template version snapshot as a state machine
 * (`startProcess`, then `apply(state, event)`), returning effects for the workflow to carry out.
 */
export * from './process-state';
export * from './process-engine';
