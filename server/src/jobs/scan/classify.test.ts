import { describe, expect, it } from 'vitest';
import { classifyFile } from './classify.js';

describe('classifyFile', () => {
  it.each([
    ['Movies/The Matrix (1999)/The Matrix (1999).mkv', 'video'],
    ['Show/Season 01/Show - S01E01.MP4', 'video'],
    ['Album/01 - Track.flac', 'audio'],
    ['Movie.en.forced.srt', 'subtitle'],
    ['Movie.ass', 'subtitle'],
    ['poster.JPG', 'artwork'],
    ['tvshow.nfo', 'nfo'],
    ['notes.txt', 'other'],
    ['no-extension', 'other'],
  ])('%s is %s', (file, cls) => {
    expect(classifyFile(file)).toBe(cls);
  });
});
