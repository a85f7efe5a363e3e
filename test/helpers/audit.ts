import { auditCases, type AuditCase } from './audit_cases';
import { gradCheck, precisionGap } from './gradcheck';

export const GRAD_TOLERANCE = 1e-6;
export const PRECISION_TOLERANCE = 1e-5;

export interface AuditResult { gradError: number; precisionError: number }

/** Gradient check in float64 and the float32-vs-float64 forward comparison for one case. */
export function auditOne(c: AuditCase): AuditResult {
  const { inputs, fn } = c.make('float64');
  const gradError = gradCheck(fn, inputs);
  const a = c.make('float32');
  const b = c.make('float64');
  const precisionError = precisionGap(a.fn(a.inputs).data, b.fn(b.inputs).data);
  return { gradError, precisionError };
}

export { auditCases };
