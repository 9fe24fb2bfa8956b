// `npm run bench`: every bench/*.bench.ts in turn. Each measures its own baseline in the same run and
// reports its figures relative to it; absolute numbers move between machines, ratios much less.
import { readdir } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';

const dir = fileURLToPath(new URL('.', import.meta.url));
const only = process.argv[2];
const benches = (await readdir(dir)).filter((f) => f.endsWith('.bench.ts') && (!only || f.includes(only))).sort();
for (const file of benches) {
  console.log(`\n== ${file} ==`);
  await import(pathToFileURL(path.join(dir, file)).href);
}
