import { parseFileInProcess } from './parse';
import { hashOnlySink } from './sink';
import { DEFAULT_LIMITS } from './limits';
const m = await parseFileInProcess(process.argv[2]!, { ...DEFAULT_LIMITS }, hashOnlySink());
const strip = (x: any): any => ({ ...x, text: (x.text ?? '').slice(0, 200), html: (x.html ?? '').slice(0, 200), embedded: x.embedded.map(strip) });
console.log(JSON.stringify(strip(m), null, 1).slice(0, Number(process.argv[3] ?? 6000)));
