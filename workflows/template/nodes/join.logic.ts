import type { JoinData } from './join.definition';

/** Whether a join may continue once `arrived` of its `inputs` incoming branches have reached it. */
export function isJoinSatisfied(data: JoinData, arrived: number, inputs: number): boolean {
  switch (data.mode) {
    case 'all':
      return arrived >= inputs;
    case 'any':
      return arrived >= 1;
    case 'nOfM':
      return arrived >= Math.min(data.n, inputs);
  }
}
