import { loadGuessitVectors } from './src/jobs/scan/naming/guessit-vectors.js';
import { scoreParser } from './src/jobs/scan/naming/accuracy.js';
import { parseMediaName } from './src/jobs/scan/naming/parse-name.js';
const dir = new URL('file:///work/shared/fixtures/guessit/');
for (const f of ['movies.yml', 'episodes.yml']) {
  const v = loadGuessitVectors(dir, f);
  const acc = scoreParser(v, (i, h) => parseMediaName(i, h));
  for (const x of acc.failures.filter(x => x.field === 'kind')) console.log('KIND', x.input, x.expected, x.actual);
  for (const x of v) {
    if (x.negated || x.unsupportedOptions.length) continue;
    const r = parseMediaName(x.input, x.typeHint ? { kind: x.typeHint } : {});
    for (const [k, e] of [['year','year'],['season','season'],['episode','episode']] as const) {
      if (!(e in x.expected) && r[k] !== null) console.log('FP', k, x.input, JSON.stringify(r[k]));
    }
  }
}
