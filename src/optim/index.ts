import type { Tensor } from '../tensor/tensor';
import { Adam, AdamW } from './adam';
import { Adamax } from './adamax';
import type { Optimizer } from './optimizer';
import { SGD } from './sgd';

export { Adam, AdamW, Adamax, SGD };
export type { Optimizer };

export type OptimizerName = 'adam' | 'adamw' | 'adamax' | 'sgd';

export function makeOptimizer(name: OptimizerName, params: Tensor[], lr: number, weightDecay: number | number[] = 0, momentum = 0): Optimizer {
  switch (name) {
    case 'adam': return new Adam(params, { lr, weightDecay });
    case 'adamw': return new AdamW(params, { lr, weightDecay });
    case 'adamax': return new Adamax(params, { lr, weightDecay });
    case 'sgd': return new SGD(params, { lr, weightDecay, momentum });
    default: throw new Error(`unknown optimizer '${name as string}' (expected adam, adamw, adamax or sgd)`);
  }
}
