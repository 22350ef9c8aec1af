// Evidence for every scenario (docs/evidence.md): Allure labels before, attachments, evidence
// files and the scenario record after; the world always closes, whatever happened; what SUT
// adapters share across scenarios (one chromium) is released after the run.
import 'allure-cucumberjs'; // without it allure-js-commons calls are dropped ("no test runtime is found")
import { After, AfterAll, Before } from '@cucumber/cucumber';
import path from 'node:path';
import { loadRequirements } from '../../src/catalogue/requirements';
import { releaseShared } from '../../src/endpoints/registry';
import { applyAllureLabels } from '../../src/evidence/allure';
import { announcedProduct } from '../../src/evidence/product';
import { appendScenarioRecord, claimEvidenceDir, scenarioAttachments, scenarioStatus, writeScenarioEvidence, type EvidenceAttachment } from '../../src/evidence/scenario';
import { formatAddress } from '../../src/evidence/trace-text';
import type { Address } from '../../src/sip/transport/trace';
import type { SipWorld } from '../../src/world/world';

/**
 * Relative to the working directory, like every other path cucumber.js writes under reports/; a
 * machine-read run (src/runner/catalogue.ts) points SIPWRIGHT_EVIDENCE_DIR at its own folder, so it
 * never mixes its scenarios into a user's report. Read per scenario: one process runs many of those.
 */
const evidenceDir = (): string => process.env.SIPWRIGHT_EVIDENCE_DIR || path.join(process.env.SIPWRIGHT_REPORTS || 'reports', 'evidence');

let keywords: Map<string, string> | undefined;

/** Requirement id → keyword (MUST, SHOULD…), read from the catalogue once per process. */
function keywordOf(id: string): string | undefined {
  if (!keywords) {
    try {
      keywords = new Map(loadRequirements().map((r) => [r.id, r.keyword]));
    } catch (err) {
      // A broken catalogue costs the severity label, not the verdict; `sipwright coverage` names each bad row.
      process.stderr.write(`sipwright: no severity labels, the requirement catalogue did not load: ${(err as Error).message}\n`);
      keywords = new Map();
    }
  }
  return keywords.get(id);
}

/**
 * A text attachment as a string when its bytes are UTF-8 (the usual trace), so that cucumber's
 * console summary prints it readably instead of as base64; other bytes stay exact, as a Buffer.
 */
function textOf(f: EvidenceAttachment): string | undefined {
  if (typeof f.body === 'string') return f.body;
  if (!f.mediaType.startsWith('text/')) return undefined;
  const text = f.body.toString('utf8');
  return Buffer.from(text, 'utf8').equals(f.body) ? text : undefined;
}


Before(async function (this: SipWorld, { pickle }) {
  await applyAllureLabels(pickle.tags.map((t) => t.name), { keywordOf, sutRole: this.config.role });
});

After(async function (this: SipWorld, { pickle, result }) {
  try {
    const parties = [...this.parties.values()];
    // partyAt also knows the ephemeral ports of TCP/TLS/WS connections.
    const partyOf = (a: Address): string => this.partyAt(a) ?? formatAddress(a);
    const sut = parties.find((p) => p.kind === 'sut');
    const files = scenarioAttachments({ title: pickle.name, records: this.trace, findings: this.findings, partyOf });
    // A process-driven SUT's own log (its SIP trace, its control channel) is evidence too. Kept last:
    // src/runner/catalogue.ts (sutLogTail) finds it as the text/plain attachment after the pcapng.
    const sutLog = sut?.kind === 'sut' ? sut.sut.log?.() ?? '' : '';
    if (sutLog) files.push({ fileName: 'sut.log', mediaType: 'text/plain', body: sutLog.slice(-1_000_000) });
    for (const f of files) {
      const options = { mediaType: f.mediaType, fileName: f.fileName };
      const text = textOf(f);
      if (text !== undefined) this.attach(text, options);
      else this.attach(f.body as Buffer, options);
    }
    const evidence = evidenceDir();
    const dir = claimEvidenceDir(evidence, pickle.name);
    writeScenarioEvidence(dir, files);
    appendScenarioRecord(path.join(evidence, 'scenarios.jsonl'), {
      name: pickle.name,
      feature: pickle.uri,
      tags: pickle.tags.map((t) => t.name),
      status: scenarioStatus(result),
      findings: this.findings,
      evidence: path.basename(dir),
      sut: {
        adapter: this.config.sut,
        role: this.config.role,
        transport: this.transport.toUpperCase(),
        product: sut ? announcedProduct(this.trace, (a) => this.partyAt(a) === sut.name) : undefined,
      },
    });
  } finally {
    await this.close();
  }
});

// What SUT adapters share across scenarios (one chromium for the browser SUTs) ends with the run.
AfterAll(async function () {
  await releaseShared();
});
