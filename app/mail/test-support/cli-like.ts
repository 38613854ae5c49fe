// What the CLI's `parse <file>` does: parse in the isolated process, print the view as JSON.
import { parseMailFile, toView, defaultWorkerEntry } from '../index';

const [file, workerPath] = process.argv.slice(2);
const base = defaultWorkerEntry();
const mail = await parseMailFile(file!, { worker: { path: workerPath ?? base.path, execArgv: base.execArgv } });
process.stdout.write(JSON.stringify(toView(mail)));
