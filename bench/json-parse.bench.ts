import { measurement, medianMs, type Benchmark } from './harness';

/**
 * Proves the harness: decoding a CRM-sized query page (1,000 records) with JSON.parse,
 * against the floor of only decoding its UTF-8 bytes.
 */
function page(): Uint8Array {
  const records = Array.from({ length: 1000 }, (_, i) => ({
    id: `12x${1000 + i}`,
    firstname: `Nome${i}`,
    lastname: `Cognome ${i} Müller`,
    email: `person${i}@example.it`,
    phone: `+39 02 ${String(1_000_000 + i)}`,
    account_id: `11x${i % 97}`,
    assigned_user_id: `19x${(i % 7) + 1}`,
    modifiedtime: `2026-11-${String((i % 28) + 1).padStart(2, '0')} 10:00:00`,
  }));
  return new TextEncoder().encode(JSON.stringify({ success: true, result: records }));
}

const bench: Benchmark = {
  name: 'json-page',
  async run() {
    const bytes = page();
    const decoder = new TextDecoder();
    const floor = await medianMs(() => decoder.decode(bytes), 40);
    const parse = await medianMs(() => JSON.parse(decoder.decode(bytes)) as unknown, 40);
    const mb = bytes.byteLength / 1e6;
    return [measurement('query page: decode + JSON.parse (1,000 records)', mb / (parse / 1000), 'MB/s', 'UTF-8 decode only', mb / (floor / 1000))];
  },
};

export default bench;
