/*
 * npm run audit:grad — every differentiable op and layer against central finite differences in
 * float64, plus float32-vs-float64 forwards; prints one row per op and exits non-zero on failure.
 */
import { auditCases, auditOne, GRAD_TOLERANCE, PRECISION_TOLERANCE } from '../test/helpers/audit';

const rows = new Map<string, { cases: number; grad: number; prec: number }>();
for (const c of auditCases()) {
  const r = auditOne(c);
  const row = rows.get(c.op) ?? { cases: 0, grad: 0, prec: 0 };
  row.cases++;
  row.grad = Math.max(row.grad, r.gradError);
  row.prec = Math.max(row.prec, r.precisionError);
  rows.set(c.op, row);
}
const w = Math.max(...[...rows.keys()].map((k) => k.length), 2);
console.log(`${'op'.padEnd(w)} | cases | max relative error | float32 vs float64`);
console.log(`${'-'.repeat(w)}-|-------|--------------------|-------------------`);
let failed = 0;
for (const [op, r] of rows) {
  const bad = r.grad > GRAD_TOLERANCE || r.prec > PRECISION_TOLERANCE;
  if (bad) failed++;
  console.log(`${op.padEnd(w)} | ${String(r.cases).padStart(5)} | ${r.grad.toExponential(2).padStart(18)} | ${r.prec.toExponential(2).padStart(17)}${bad ? '  FAIL' : ''}`);
}
console.log(`\nrelative error = |analytic − numeric| / max(1, |analytic|, |numeric|); limits ${GRAD_TOLERANCE} (gradient), ${PRECISION_TOLERANCE} (precision)`);
if (failed > 0) {
  console.error(`${failed} op(s) failed the audit`);
  process.exit(1);
}
