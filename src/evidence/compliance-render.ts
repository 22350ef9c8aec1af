/** HTML and Markdown views of the compliance matrix (see compliance.ts for the data). */
import type { ComplianceFinding, ComplianceReport, RequirementEntry, ScenarioEntry, ScenarioStatus } from './compliance';
import { escapeXml as esc } from './escape';

export function formatWhere(where: ComplianceFinding['where']): string {
  if (where === undefined) return '';
  if (typeof where === 'string') return where;
  return [where.traceIndex !== undefined ? `#${where.traceIndex}` : '', where.summary ?? ''].filter(Boolean).join(' ');
}

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px;color:#1f2937;max-width:1200px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #d1d5db}
table{border-collapse:collapse;width:100%;margin:8px 0}th,td{border:1px solid #d1d5db;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f3f4f6}code,.mono{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12.5px}
.v{display:inline-block;padding:1px 8px;border-radius:10px;font-weight:600;font-size:12px;color:#fff}
.v-passed{background:#2e7d32}.v-failed{background:#c62828}.v-broken{background:#ef6c00}.v-skipped{background:#757575}
.meta td:first-child{width:180px;font-weight:600}.scenario{border:1px solid #d1d5db;border-radius:6px;padding:8px 12px;margin:10px 0}
.scenario.failed{border-color:#c62828;background:#fff5f5}.scenario h3{font-size:15px;margin:0 0 4px}.muted{color:#6b7280}
.totals span{margin-right:14px}.interrupted{border:2px solid #ef6c00;background:#fff8e1;padding:6px 10px;border-radius:6px}`;

const INTERRUPTED = 'This run was interrupted: the matrix covers only the scenarios that finished.';

function badge(v: ScenarioStatus): string {
  return `<span class="v v-${v}">${v}</span>`;
}

function anchor(index: number): string {
  return `scenario-${index + 1}`;
}

function metaTable(r: ComplianceReport): string {
  const rows: [string, string][] = [
    ['System under test', `${r.sut.name}${r.sut.version ? ` ${r.sut.version}` : ''}`],
    ['Role', r.sut.role], ['Adapter', r.sut.adapter], ['Transport', r.sut.transport],
    ['Date', r.date], ['Framework', `sipwright ${r.frameworkVersion}`],
  ];
  return `<table class="meta">${rows.map(([k, v]) => `<tr><td>${esc(k)}</td><td>${esc(v)}</td></tr>`).join('')}</table>`;
}

function totalsLine(r: ComplianceReport): string {
  const t = r.totals;
  return `<p class="totals"><span><b>${t.scenarios}</b> scenarios</span>${(['passed', 'failed', 'broken', 'skipped'] as const)
    .map((s) => `<span>${badge(s)} ${t[s]}</span>`).join('')}<span><b>${t.requirements}</b> requirements, <b>${t.requirementsFailed}</b> not met</span></p>`;
}

function requirementRow(req: RequirementEntry, r: ComplianceReport): string {
  const links = req.scenarios.map((s) => {
    const i = r.scenarios.findIndex((x) => x.name === s.name && x.feature === s.feature);
    return `<a href="#${anchor(i)}">${esc(s.name)}</a> ${badge(s.status)}`;
  }).join('<br/>');
  return `<tr id="req-${esc(req.id)}"><td class="mono">${esc(req.id)}</td><td>${esc(req.keyword ?? '')}</td><td>${esc(req.text ?? '')}</td><td>${badge(req.verdict)}</td><td>${links}</td></tr>`;
}

function findingsTable(findings: ComplianceFinding[]): string {
  if (findings.length === 0) return '';
  const rows = findings.map((f) => `<tr><td class="mono">${esc(f.requirement ?? '')}</td><td>${esc(f.expected)}</td><td>${esc(f.seen)}</td><td class="mono">${esc(formatWhere(f.where))}</td><td>${esc(f.hint ?? '')}</td></tr>`);
  return `<table class="findings"><tr><th>Requirement</th><th>Expected</th><th>Seen</th><th>Where</th><th>Hint</th></tr>${rows.join('')}</table>`;
}

function scenarioSection(s: ScenarioEntry, i: number): string {
  const reqs = s.requirements.length ? s.requirements.map((id) => `<a class="mono" href="#req-${esc(id)}">${esc(id)}</a>`).join(', ') : '<span class="muted">none</span>';
  return `<section class="scenario ${s.status}" id="${anchor(i)}" data-status="${s.status}"><h3>${badge(s.status)} ${esc(s.name)}</h3>`
    + `<div class="muted mono">${esc(s.feature)} · ${esc(s.tags.join(' '))}</div><div>Requirements: ${reqs}</div>${findingsTable(s.findings)}</section>`;
}

/** A self-contained page: inline CSS, no scripts, no external resources. */
export function complianceHtml(r: ComplianceReport): string {
  const title = `Compliance: ${r.sut.name}${r.sut.version ? ` ${r.sut.version}` : ''} as ${r.sut.role}`;
  const uncovered = r.uncovered.length ? `<h2>Requirements without a scenario (${r.uncovered.length})</h2><p class="mono">${r.uncovered.map(esc).join(' ')}</p>` : '';
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"/><meta name="viewport" content="width=device-width, initial-scale=1"/><title>${esc(title)}</title><style>${CSS}</style></head>
<body><h1>${esc(title)}</h1>${r.interrupted ? `<p class="interrupted">${esc(INTERRUPTED)}</p>` : ''}${metaTable(r)}${totalsLine(r)}
<h2>Requirements</h2><table class="requirements"><tr><th>Id</th><th>Keyword</th><th>Requirement</th><th>Verdict</th><th>Scenarios</th></tr>${r.requirements.map((q) => requirementRow(q, r)).join('\n')}</table>
<h2>Scenarios</h2>${r.scenarios.map(scenarioSection).join('\n')}
${uncovered}<h2>Feature files</h2><table class="features"><tr><th>Path</th><th>SHA-256</th></tr>${r.features.map((f) => `<tr><td class="mono">${esc(f.path)}</td><td class="mono">${esc(f.sha256)}</td></tr>`).join('')}</table>
</body></html>
`;
}

/** A Markdown table cell: pipes escaped, line breaks flattened. */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/\r?\n/g, '<br>');
}

const ICON: Record<ScenarioStatus, string> = { passed: '✅ passed', failed: '❌ failed', broken: '⚠️ broken', skipped: '⏭️ skipped' };

/** Markdown for a pull request: summary, requirement table, findings of failed scenarios, hashes. */
export function complianceMarkdown(r: ComplianceReport): string {
  const t = r.totals;
  const lines = [
    `## Compliance: ${cell(r.sut.name)}${r.sut.version ? ` ${cell(r.sut.version)}` : ''} as ${cell(r.sut.role)}`, '',
    `SUT **${cell(r.sut.name)}** ${cell(r.sut.version ?? '')} · adapter ${cell(r.sut.adapter)} · transport ${cell(r.sut.transport)} · ${cell(r.date)} · sipwright ${cell(r.frameworkVersion)}`, '',
    ...(r.interrupted ? [`> **${INTERRUPTED}**`, ''] : []),
    `**${t.scenarios}** scenarios: ${t.passed} passed, ${t.failed} failed, ${t.broken} broken, ${t.skipped} skipped · **${t.requirements}** requirements, ${t.requirementsFailed} not met`, '',
    '| Requirement | Keyword | Verdict | Scenarios |', '|---|---|---|---|',
    ...r.requirements.map((q) => `| \`${cell(q.id)}\` | ${cell(q.keyword ?? '')} | ${ICON[q.verdict]} | ${q.scenarios.map((s) => `${cell(s.name)} (${s.status})`).join('<br/>')} |`),
  ];
  const failing = r.scenarios.filter((s) => s.findings.length > 0 || s.status === 'failed' || s.status === 'broken');
  if (failing.length) {
    lines.push('', '### Findings');
    for (const s of failing) {
      lines.push('', `**${cell(s.name)}** — ${ICON[s.status]} (\`${cell(s.feature)}\`)`);
      for (const f of s.findings) {
        const where = formatWhere(f.where);
        lines.push(`- ${f.requirement ? `\`${cell(f.requirement)}\` ` : ''}expected ${cell(f.expected)}; seen ${cell(f.seen)}${where ? ` (at ${cell(where)})` : ''}${f.hint ? ` — hint: ${cell(f.hint)}` : ''}`);
      }
    }
  }
  lines.push('', '<details><summary>Feature files (SHA-256)</summary>', '', ...r.features.map((f) => `- \`${cell(f.path)}\` ${f.sha256}`), '', '</details>', '');
  return lines.join('\n');
}
