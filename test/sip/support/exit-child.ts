// Run by exit.test.ts in a child process: one transfer per transport, then nothing more. The
// process must end by itself; a socket or timer left open would keep it alive.
import { testTls } from './certs';
import { runTransfer } from './transfer';

(async () => {
  for (const transport of ['udp', 'tcp', 'tls', 'ws', 'wss'] as const) {
    const r = await runTransfer({ transport, host: '127.0.0.1', tls: testTls(), timers: { T1: 50, T2: 200, T4: 250 }, deadlineMs: 5000 });
    process.stdout.write(`${transport} ${r.ms.toFixed(0)} ms\n`);
  }
  await runTransfer({ transport: 'udp', host: '::1', timers: { T1: 50, T2: 200, T4: 250 }, deadlineMs: 10000, loss: { probability: 0.3, seed: 42 }, transferee: 'sequenced' });
  process.stdout.write('transfers done\n');
})().catch((err) => {
  process.stderr.write(`${err}\n`);
  process.exitCode = 1;
});
