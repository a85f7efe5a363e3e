import { escapeHtml } from '../util/escape';

/** A self-contained page: inline CSS, figures and scripts only; nothing is fetched. */
export function page(title: string, intro: string, sections: string[]): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body { font-family: Helvetica, Arial, sans-serif; margin: 0 auto; max-width: 1100px; padding: 12px 20px; color: #222; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; border-bottom: 1px solid #ddd; padding-bottom: 4px; margin-top: 28px; }
.figure { max-width: 100%; height: auto; display: block; margin: 8px 0; }
.sections { display: flex; flex-wrap: wrap; gap: 8px; }
table { border-collapse: collapse; } td, th { border: 1px solid #ddd; padding: 3px 8px; text-align: right; }
.controls { margin: 6px 0; display: flex; gap: 16px; align-items: center; flex-wrap: wrap; }
#scene3d canvas { border: 1px solid #ccc; max-width: 100%; cursor: grab; }
#pick { font-size: 0.9em; color: #444; min-height: 1.2em; }
#legend3d .entry { margin-right: 0.8em; }
td.text { text-align: left; } .table-wrap { max-height: 560px; overflow: auto; }
button.sort { border: 0; background: none; font: inherit; font-weight: bold; cursor: pointer; padding: 0; }
th[aria-sort=ascending] button.sort::after { content: ' ▲'; } th[aria-sort=descending] button.sort::after { content: ' ▼'; }
</style></head><body>
<h1>${escapeHtml(title)}</h1>
${intro}
${sections.join('\n')}
</body></html>
`;
}
