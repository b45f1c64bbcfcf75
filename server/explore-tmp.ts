import { loadGuessitVectors } from './src/jobs/scan/naming/guessit-vectors.js';
import { parseMediaName } from './src/jobs/scan/naming/parse-name.js';
const dir = new URL('file:///work/shared/fixtures/guessit/');
const inputs = [...loadGuessitVectors(dir, 'movies.yml'), ...loadGuessitVectors(dir, 'episodes.yml')].map(v => v.input);
for (let r = 0; r < 3; r++) {
  const t = process.hrtime.bigint();
  for (let i = 0; i < 50; i++) for (const x of inputs) parseMediaName(x);
  console.log(Number(process.hrtime.bigint() - t) / 1000 / (50 * inputs.length), 'us/name');
}
