// A parser-process entry that prints to stdout the way a chatty library would, then runs the
// real worker: the parent must never let this reach its own stdout.
process.stdout.write('NOISE: library wrote to stdout\n');
console.log('NOISE: console.log');
// eslint-disable-next-line no-unsanitized/method -- a fixed sibling file of this repository
await import(new URL('../worker.ts', import.meta.url).href);
console.log('NOISE: after load');
