import type { Distribution, ParamValue } from './distributions';

/** Optuna's TrialState codes. */
export const TrialState = { RUNNING: 0, COMPLETE: 1, PRUNED: 2, FAIL: 3, WAITING: 4 } as const;
export type TrialStateCode = (typeof TrialState)[keyof typeof TrialState];
export const STATE_NAMES = ['RUNNING', 'COMPLETE', 'PRUNED', 'FAIL', 'WAITING'];

/** Optuna's StudyDirection codes. */
export const Direction = { MINIMIZE: 1, MAXIMIZE: 2 } as const;
export type DirectionCode = (typeof Direction)[keyof typeof Direction];

export interface FrozenTrial {
  trialId: number;
  number: number;
  state: TrialStateCode;
  params: Record<string, ParamValue>;
  /** Internal representation of each parameter (categorical index, numbers as is). */
  internal: Record<string, number>;
  distributions: Record<string, Distribution>;
  values: number[] | null;
  intermediate: Map<number, number>;
  userAttrs: Record<string, unknown>;
  systemAttrs: Record<string, unknown>;
  datetimeStart: string | null;
  datetimeComplete: string | null;
  /** Worker that created it (journal worker_id). */
  worker: string;
}

export interface StudyState {
  studyId: number;
  name: string;
  directions: DirectionCode[];
  userAttrs: Record<string, unknown>;
  systemAttrs: Record<string, unknown>;
  trials: FrozenTrial[];
}

export function isFinished(s: TrialStateCode): boolean {
  return s === TrialState.COMPLETE || s === TrialState.PRUNED || s === TrialState.FAIL;
}
