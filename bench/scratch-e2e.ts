import { performance } from 'node:perf_hooks';
import { startBenchStack, waitUntilRouted } from './lib/bench-stack';
import { generateCorpus, type CorpusCall } from './lib/corpus';
const bench = await startBenchStack((l) => console.log('stack:', l));
try {
  const corpus = generateCorpus({ count: 40, phoneShare: 0.3, seed: 1, runTag: 'x1', hubMailbox: bench.hubMailbox, councilDomain: 'kent.example.gov.uk', receivedNear: new Date() });
  const t0 = performance.now();
  const calls = corpus.filter((c): c is CorpusCall => c.kind === 'phone');
  await bench.postCalls(calls);
  for (const item of corpus) if (item.kind === 'email') await bench.sendMail(await item.raw());
  console.log('sent in', performance.now() - t0);
  const missing = await waitUntilRouted(bench, corpus.map((c) => c.intakeId), performance.now() + 30000, (n) => console.log('routed', n));
  console.log('missing', missing, 'routed', bench.routedAt.size);
  for (const item of corpus) if (!bench.routedAt.has(item.intakeId)) console.log('not routed', item.kind, item.intakeId);
  console.log([...bench.invocations.entries()].map(([k, v]) => `${k}:${v.length}`).join(' '));
} finally { await bench.stop(); }
