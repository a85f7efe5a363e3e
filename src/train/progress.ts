import { Progress } from '../util/progress';

/** Epoch progress on stderr (see Progress): the epoch's losses and scores beside the rate and time left. */
export function epochProgress(label: string, total: number, write?: (s: string) => void): (epoch: number, text: string) => void {
  const p = new Progress(label, total, 'epochs', write);
  return (epoch, text) => p.update(epoch, text);
}
