// A worker of runCatalogues (pool.ts): runs the catalogue runs its parent sends, one at a time,
// with the step code loaded once; exits when the parent disconnects (also when it was killed).
import { runCatalogue } from './catalogue';

process.on('disconnect', () => process.exit(0));

process.on('message', (job: { index: number; env: Record<string, string>; paths?: string[] }) => {
  runCatalogue(job.env, job.paths ?? []).then(
    (outcomes) => process.send!({ index: job.index, outcomes }),
    (err: Error) => process.send!({ index: job.index, error: err.stack ?? String(err) }),
  );
});
