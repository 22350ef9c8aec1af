import { After, Status } from '@cucumber/cucumber';
import { traceText } from '../../src/evidence/trace-text';
import type { SipWorld } from '../../src/world/world';

After(async function (this: SipWorld, { result }) {
  try {
    if (this.trace.length) this.attach(traceText(this.trace), { mediaType: 'text/plain', fileName: 'sip-trace.txt' });
    if (result?.status === Status.FAILED && this.findings.length) {
      this.attach(JSON.stringify(this.findings, null, 2), { mediaType: 'application/json', fileName: 'findings.json' });
    }
  } finally {
    await this.close();
  }
});
