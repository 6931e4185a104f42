/**
 * dist/lectures/index.html: one row per notebook with its title in both languages, what it
 * draws, links to its page, deck and PDF handouts (when printed), their sizes, and how long
 * the notebook took to run. Plain HTML and a few lines of CSS, like the pages.
 */

const escape = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
const size = (bytes) => (bytes >= 1 << 20 ? `${(bytes / (1 << 20)).toFixed(1)} MB` : `${Math.round(bytes / 1024)} KB`);

/** "English — 中文" → ["English", "中文"] (the notebooks' titles name both, in that order). */
export function splitTitle(title) {
  const at = title.lastIndexOf(' — ');
  return at < 0 ? [title, ''] : [title.slice(0, at), title.slice(at + 3)];
}

const kinds = [
  ['page', 'page'],
  ['slides', 'slides'],
  ['page-pdf', 'page PDF'],
  ['slides-pdf', 'slides PDF'],
];

/**
 * @param {{name: string, title: string, description: string, ok: boolean, seconds: number|null,
 *   figures: number|null, files: {kind: string, file: string, bytes: number}[]}[]} entries
 */
export function indexPage(entries) {
  const rows = entries.map((e, i) => {
    const [en, zh] = splitTitle(e.title);
    const links = kinds.map(([kind, label]) => {
      const f = e.files.find((x) => x.kind === kind);
      return f ? `<a href="${escape(f.file)}">${label}</a> <span class="size">${size(f.bytes)}</span>` : '';
    }).filter(Boolean).join('<br>');
    return `<tr${e.ok ? '' : ' class="failed"'}>
<td class="n">${String(i).padStart(2, '0')}</td>
<td><div class="en">${escape(en)}</div>${zh ? `<div class="zh" lang="zh">${escape(zh)}</div>` : ''}<div class="desc">${escape(e.description)}</div>${e.ok ? '' : '<div class="fail">this notebook failed: its page shows the error</div>'}</td>
<td class="num">${e.figures ?? '–'}</td>
<td class="links">${links}</td>
<td class="num time">${e.seconds == null ? '–' : `${e.seconds.toFixed(1)} s`}</td>
</tr>`;
  }).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>optim-workbook — lectures</title>
<style>
body { font: 16px/1.5 system-ui, sans-serif; max-width: 1040px; margin: 2.5rem auto; padding: 0 1rem; color: #1d1d1f; }
h1 { font-size: 1.8rem; margin-bottom: 0.2rem; }
p.lead { color: #555; margin-top: 0; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 0.6rem 0.5rem; border-bottom: 1px solid #e3e3e3; }
th { font-size: 0.85rem; color: #555; font-weight: 600; border-bottom: 2px solid #bbb; }
td.n { color: #888; font-variant-numeric: tabular-nums; }
.en { font-weight: 600; }
.zh { color: #333; }
.desc { color: #555; font-size: 0.92rem; margin-top: 0.2rem; }
.fail { color: #b00020; font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.links { white-space: nowrap; }
td.links a { color: #1a5fb4; }
.size { color: #888; font-size: 0.85rem; }
</style>
</head>
<body>
<h1>The optimization difficulties of neural networks</h1>
<p class="lead">神经网络的优化难题 — a TypeScript workbook. Each lecture is a page to read and a deck to present (press S for the speaker notes); everything works offline.</p>
<table>
<thead><tr><th></th><th>lecture</th><th>figures</th><th>files</th><th>run time</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
</body>
</html>
`;
}
