import { describe, expect, it } from 'vitest';
import { auditCases, auditOne, GRAD_TOLERANCE, PRECISION_TOLERANCE } from './helpers/audit';

describe('gradient audit: every op and layer against central finite differences (float64)', () => {
  for (const c of auditCases()) {
    it(`${c.op}: ${c.label}`, () => {
      const r = auditOne(c);
      expect(r.gradError).toBeLessThanOrEqual(GRAD_TOLERANCE);
      expect(r.precisionError).toBeLessThanOrEqual(PRECISION_TOLERANCE);
    });
  }
});
