import { describe, expect, it } from 'vitest';
import {
  classifyFile,
  describeFile,
  normalizeLanguageTag,
  parseLanguage,
  type ArtworkInfo,
  type ExtraType,
  type FileClass,
  type SubtitleInfo,
} from './classify.js';

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

describe('describeFile: class', () => {
  it.each<[string, FileClass]>([
    ['Movies/The Matrix (1999)/The Matrix (1999).mkv', 'video'],
    ['Movies/Up (2009)/Up (2009).M2TS', 'video'],
    ['Music/Vangelis/01 - Main Titles.flac', 'audio'],
    ['Movies/Up (2009)/Up (2009).en.srt', 'subtitle'],
    ['Movies/Up (2009)/poster.jpg', 'artwork'],
    ['Movies/Up (2009)/movie.nfo', 'nfo'],
    ['Movies/Up (2009)/notes.txt', 'other'],
    ['Movies/Up (2009)/.nfo', 'other'],
    ['Movies/Up (2009)/README', 'other'],
    // Platform litter that only looks like media.
    ['Movies/Up (2009)/._Up (2009).mkv', 'other'],
    ['Movies/@eaDir/Up (2009).mkv/SYNOVIDEO_VIDEO_SCREENSHOT.jpg', 'other'],
    ['Movies/Up (2009)/.@__thumb/poster.jpg', 'other'],
    ['#recycle/Old Movie (1990)/Old Movie (1990).mkv', 'other'],
    ['.Trash-1000/files/Old Movie (1990).mkv', 'other'],
    ['$RECYCLE.BIN/S-1-5-21/$R1.mkv', 'other'],
  ])('%s is %s', (file, cls) => {
    expect(describeFile(file).class).toBe(cls);
  });

  it('agrees with classifyFile on ordinary names', () => {
    for (const file of ['a/b.mkv', 'a/b.flac', 'a/b.en.srt', 'a/b.png', 'a/b.nfo', 'a/b.txt', 'a/b']) {
      expect(describeFile(file).class).toBe(classifyFile(file));
    }
  });

  it('adds subtitle details only to subtitles and artwork details only to artwork', () => {
    expect(describeFile('Up (2009)/Up (2009).mkv')).toEqual({ class: 'video', extra: null });
    expect(describeFile('Up (2009)/movie.nfo')).toEqual({ class: 'nfo', extra: null });
    expect(describeFile('Up (2009)/Up (2009).srt')).toEqual({
      class: 'subtitle',
      extra: null,
      subtitle: { language: null, forced: false, sdh: false, default: false },
    });
    expect(describeFile('Up (2009)/poster.jpg')).toEqual({ class: 'artwork', extra: null, artwork: { kind: 'poster' } });
  });
});

describe('describeFile: extras', () => {
  it.each<[string, ExtraType]>([
    // Folders (Jellyfin, Plex, Kodi), any case.
    ['Movies/The Matrix (1999)/Trailers/The Matrix - Official Trailer.mp4', 'trailer'],
    ['Movies/The Matrix (1999)/trailers/teaser.mkv', 'trailer'],
    ['Movies/The Matrix (1999)/Featurettes/What Is the Matrix.mkv', 'featurette'],
    ['Movies/The Matrix (1999)/Behind The Scenes/Bullet Time.mkv', 'behindthescenes'],
    ['Movies/The Matrix (1999)/Deleted Scenes/Trinity Escapes.mkv', 'deleted'],
    ['Movies/The Matrix (1999)/Interviews/Keanu Reeves.mkv', 'interview'],
    ['Movies/The Matrix (1999)/Scenes/Lobby.mkv', 'scene'],
    ['Movies/The Matrix (1999)/Shorts/Animatrix.mkv', 'short'],
    ['Movies/The Matrix (1999)/Extras/Commentary.mkv', 'other'],
    ['Movies/The Matrix (1999)/Other/Bloopers.mkv', 'other'],
    ['Movies/The Matrix (1999)/Sample/the.matrix.1999.1080p-grp.mkv', 'sample'],
    ['Movies/The Matrix (1999)/Samples/clip.mkv', 'sample'],
    ['Series/Breaking Bad (2008)/Season 01/Featurettes/Cooking.mkv', 'featurette'],
    ['Movies/The Matrix (1999)/Trailers/trailer.en.srt', 'trailer'],
    // Name suffixes.
    ['Movies/The Matrix (1999)/The Matrix (1999)-trailer.mkv', 'trailer'],
    ['Movies/The Matrix (1999)/The Matrix (1999).trailer.mkv', 'trailer'],
    ['Movies/The Matrix (1999)/The Matrix (1999)_trailer.mkv', 'trailer'],
    ['Movies/The Matrix (1999)/The Matrix (1999)-Trailer2.mkv', 'trailer'],
    ['Movies/The Matrix (1999)/The Matrix (1999)-trailer-3.mkv', 'trailer'],
    ['Movies/The Matrix (1999)/The Matrix (1999)-featurette.mkv', 'featurette'],
    ['Movies/The Matrix (1999)/The Matrix (1999)-behindthescenes.mkv', 'behindthescenes'],
    ['Movies/The Matrix (1999)/The Matrix (1999)-deleted.mkv', 'deleted'],
    ['Movies/The Matrix (1999)/The Matrix (1999)-deletedscene.mkv', 'deleted'],
    ['Movies/The Matrix (1999)/The Matrix (1999)-interview.mkv', 'interview'],
    ['Movies/The Matrix (1999)/The Matrix (1999)-scene.mkv', 'scene'],
    ['Movies/The Matrix (1999)/The Matrix (1999)-short.mkv', 'short'],
    ['Movies/The Matrix (1999)/The Matrix (1999)-other.mkv', 'other'],
    // A trailer or sample named only that, beside the movie.
    ['Movies/Inception (2010)/trailer.mp4', 'trailer'],
    ['Movies/Inception (2010)/Trailer.MKV', 'trailer'],
    ['Movies/Inception (2010)/sample.mkv', 'sample'],
    ['sample.mkv', 'sample'],
    // Sample words of scene releases.
    ['Movies/The Matrix (1999)/The Matrix (1999)-sample.mkv', 'sample'],
    ['Movies/The.Matrix.1999.1080p.BluRay.x264-GRP/the.matrix.1999.1080p.bluray.x264-grp.sample.mkv', 'sample'],
    ['Movies/The.Matrix.1999.1080p.BluRay.x264-GRP/sample-the.matrix.1999.1080p.mkv', 'sample'],
    ['Movies/The.Matrix.1999.1080p.BluRay.x264-GRP/the_matrix_1999_sample.mkv', 'sample'],
    ['Movies/The.Matrix.1999.1080p.BluRay.x264-GRP/grp-tm1999-sample2.mkv', 'sample'],
  ])('%s is a %s', (file, extra) => {
    expect(describeFile(file).extra).toBe(extra);
  });

  it.each([
    ['Movies/The Matrix (1999)/The Matrix (1999).mkv'],
    // "sample" and "trailer" as title words or inside words.
    ['Movies/The Sample Movie (2001)/The Sample Movie (2001).mkv'],
    ['Movies/Sample (2019)/Sample (2019).mkv'],
    ['Movies/The.Sample.2019.1080p.WEB.x264-GRP/The.Sample.2019.1080p.WEB.x264-GRP.mkv'],
    ['Movies/Resampled (2015)/Resampled (2015).mkv'],
    ['Movies/Samplers (2012)/Samplers (2012).mkv'],
    ['Movies/The Trailer (2019)/The Trailer (2019).mkv'],
    ['Series/Trailer Park Boys (2001)/Season 01/Trailer Park Boys - S01E01 - Take Your Little Gun.mkv'],
    ['Series/Show (2020)/Season 01/Show - S01E05 - The Trailer.mkv'],
    ['Movies/Trailers (2014)/Trailers (2014).mkv'],
    ['Movies/Short Term 12 (2013)/Short Term 12 (2013).mkv'],
    ['Movies/Each Other (2020)/Each Other (2020).mkv'],
    // A folder at the library root is a title or a category, not an extras folder.
    ['Other/Some Film (2000).mkv'],
    ['Shorts/Paperman (2012).mkv'],
    // Only the folder directly holding the file counts.
    ['Movies/Extras (2005)/Season 01/Extras - S01E01 - Ben Stiller.mkv'],
  ])('%s is main media', (file) => {
    expect(describeFile(file).extra).toBeNull();
  });

  it('reads name suffixes of videos only', () => {
    expect(describeFile('Movies/Up (2009)/Up (2009)-trailer.srt').extra).toBeNull();
    expect(describeFile('Movies/Up (2009)/Up (2009)-poster.jpg').extra).toBeNull();
    expect(describeFile('Movies/Up (2009)/sample.nfo').extra).toBeNull();
  });
});

describe('describeFile: subtitles', () => {
  const flags = (over: Partial<SubtitleInfo>): SubtitleInfo => ({ language: null, forced: false, sdh: false, default: false, ...over });

  it.each<[string, SubtitleInfo]>([
    ['Movie (1999).en.srt', flags({ language: 'en' })],
    ['Movie.eng.forced.srt', flags({ language: 'en', forced: true })],
    ['Movie.English.SDH.srt', flags({ language: 'en', sdh: true })],
    ['Movie.pt-BR.srt', flags({ language: 'pt-BR' })],
    ['Movie.pt_br.srt', flags({ language: 'pt-BR' })],
    ['Movie.por-BR.srt', flags({ language: 'pt-BR' })],
    ['Movie.pob.srt', flags({ language: 'pt-BR' })],
    ['Movie.zh-Hant.ass', flags({ language: 'zh-Hant' })],
    ['Movie.es-419.srt', flags({ language: 'es-419' })],
    ['Movie.en.hi.srt', flags({ language: 'en', sdh: true })],
    ['Movie.hi.srt', flags({ language: 'hi' })],
    ['Movie.en.cc.srt', flags({ language: 'en', sdh: true })],
    ['Movie.default.en.forced.ass', flags({ language: 'en', forced: true, default: true })],
    ['Movie.fre.foreign.srt', flags({ language: 'fr', forced: true })],
    ['Movie.ger.srt', flags({ language: 'de' })],
    ['Movie.Français.srt', flags({ language: 'fr' })],
    ['Movie.jpn.ass', flags({ language: 'ja' })],
    ['Movie.srt', flags({})],
    ['Movie (1999).srt', flags({})],
    ['Movie.forced.srt', flags({ forced: true })],
    // Only the trailing run of known words is read; the first word always names the video.
    ['The.Matrix.1999.1080p.BluRay.en.srt', flags({ language: 'en' })],
    ['The.Matrix.1999.1080p.BluRay.srt', flags({})],
    ['English.srt', flags({})],
    ['It.srt', flags({})],
    ['Breaking Bad - S01E02 - Cat\'s in the Bag....en.srt', flags({ language: 'en' })],
    ['Movie.en.fr.srt', flags({ language: 'en' })],
    ['Movie.xx.srt', flags({})],
    // Scene releases name subtitles in Subs/ by language alone.
    ['Movie.2010.1080p-GRP/Subs/2_English.srt', flags({ language: 'en' })],
    ['Movie.2010.1080p-GRP/Subs/Spanish.srt', flags({ language: 'es' })],
    ['Movie.2010.1080p-GRP/Subtitles/Movie.2010.1080p-GRP.srt', flags({})],
  ])('%s', (file, subtitle) => {
    expect(describeFile(file).subtitle).toEqual(subtitle);
  });

  it('reads every word after a known video stem, unknown words as the title', () => {
    expect(describeFile('Movie (1999).en.Commentary.srt', { videoStem: 'Movie (1999)' }).subtitle).toEqual(
      flags({ language: 'en', title: 'Commentary' }),
    );
    expect(describeFile('Movie (1999).en.forced.Signs & Songs.ass', { videoStem: 'movie (1999)' }).subtitle).toEqual(
      flags({ language: 'en', forced: true, title: 'Signs & Songs' }),
    );
    expect(describeFile('The.Matrix.1999.en.srt', { videoStem: 'The.Matrix.1999' }).subtitle).toEqual(flags({ language: 'en' }));
    expect(describeFile('Movie (1999).srt', { videoStem: 'Movie (1999)' }).subtitle).toEqual(flags({}));
    // A stem that does not match falls back to the trailing known words.
    expect(describeFile('Other.en.srt', { videoStem: 'Movie' }).subtitle).toEqual(flags({ language: 'en' }));
  });
});

describe('describeFile: artwork', () => {
  it.each<[string, ArtworkInfo]>([
    ['Movies/Up (2009)/poster.jpg', { kind: 'poster' }],
    ['Movies/Up (2009)/folder.jpg', { kind: 'poster' }],
    ['Movies/Up (2009)/cover.png', { kind: 'poster' }],
    ['Movies/Up (2009)/Up (2009)-poster.jpg', { kind: 'poster' }],
    ['Movies/Up.2009.1080p/Up.2009.1080p.poster.jpg', { kind: 'poster' }],
    ['Movies/Up (2009)/fanart.jpg', { kind: 'fanart' }],
    ['Movies/Up (2009)/fanart1.jpg', { kind: 'fanart' }],
    ['Movies/Up (2009)/backdrop.jpg', { kind: 'fanart' }],
    ['Movies/Up (2009)/backdrop-2.jpg', { kind: 'fanart' }],
    ['Movies/Up (2009)/Up (2009)-fanart.jpg', { kind: 'fanart' }],
    ['Movies/Up (2009)/banner.jpg', { kind: 'banner' }],
    ['Movies/Up (2009)/logo.png', { kind: 'clearlogo' }],
    ['Movies/Up (2009)/clearlogo.png', { kind: 'clearlogo' }],
    ['Movies/Up (2009)/Up (2009)-clearlogo.png', { kind: 'clearlogo' }],
    ['Movies/Up (2009)/clearart.png', { kind: 'clearart' }],
    ['Movies/Up (2009)/disc.png', { kind: 'discart' }],
    ['Movies/Up (2009)/discart.png', { kind: 'discart' }],
    ['Movies/Up (2009)/landscape.jpg', { kind: 'landscape' }],
    ['Movies/Up (2009)/thumb.jpg', { kind: 'thumb' }],
    ['Series/Show (2020)/Season 01/Show - S01E01 - Pilot-thumb.jpg', { kind: 'thumb' }],
    ['Series/Show (2020)/season01-poster.jpg', { kind: 'season-poster', season: 1 }],
    ['Series/Show (2020)/season1-poster.jpg', { kind: 'season-poster', season: 1 }],
    ['Series/Show (2020)/season02.jpg', { kind: 'season-poster', season: 2 }],
    ['Series/Show (2020)/season12-banner.jpg', { kind: 'season-banner', season: 12 }],
    ['Series/Show (2020)/season01-fanart.jpg', { kind: 'season-fanart', season: 1 }],
    ['Series/Show (2020)/season01-landscape.jpg', { kind: 'landscape', season: 1 }],
    ['Series/Show (2020)/season-specials-poster.jpg', { kind: 'season-poster', season: 0 }],
    ['Series/Show (2020)/season-all-poster.jpg', { kind: 'season-poster' }],
    ['Series/Show (2020)/season-all-banner.jpg', { kind: 'season-banner' }],
    // Images inside a season folder belong to that season.
    ['Series/Show (2020)/Season 03/poster.jpg', { kind: 'season-poster', season: 3 }],
    ['Series/Show (2020)/Season 3/folder.jpg', { kind: 'season-poster', season: 3 }],
    ['Series/Show (2020)/Specials/banner.jpg', { kind: 'season-banner', season: 0 }],
    ['Series/Show (2020)/Season 01/thumb.jpg', { kind: 'thumb', season: 1 }],
    // Not conventional names.
    ['Movies/Up (2009)/Up (2009).jpg', { kind: 'other' }],
    ['Movies/Up (2009)/Up (2009)-folder.jpg', { kind: 'other' }],
    ['Movies/Up (2009)/screenshot 3.png', { kind: 'other' }],
    ['Movies/Up (2009)/My Poster - Cover.jpg', { kind: 'other' }],
    ['Series/Show (2020)/season01-weird.jpg', { kind: 'other' }],
  ])('%s', (file, artwork) => {
    expect(describeFile(file).artwork).toEqual(artwork);
  });
});

describe('languages', () => {
  it.each([
    ['en', 'en'],
    ['ENG', 'en'],
    ['English', 'en'],
    ['deu', 'de'],
    ['ger', 'de'],
    ['chi', 'zh'],
    ['pt-br', 'pt-BR'],
    ['xx', null],
    ['mkv', null],
    ['1080p', null],
  ])('parseLanguage(%s) is %s', (word, language) => {
    expect(parseLanguage(word)).toBe(language);
  });

  it.each([
    ['eng', 'en'],
    ['fre', 'fr'],
    ['und', null],
    ['', null],
    [undefined, null],
    ['tlh', 'tlh'],
    ['Klingon', null],
  ])('normalizeLanguageTag(%s) is %s', (tag, language) => {
    expect(normalizeLanguageTag(tag)).toBe(language);
  });
});

describe('describeFile: speed', () => {
  // About 0.1 s on a quiet machine; the bound only catches work that grows faster than the path count.
  it('describes 100k paths quickly', () => {
    const paths = Array.from({ length: 100_000 }, (_, i) =>
      i % 3 === 0
        ? `Movies/Title ${i} (2001)/Title ${i} (2001).mkv`
        : i % 3 === 1
          ? `Series/Show ${i}/Season 01/Show ${i} - S01E0${i % 9}.en.forced.srt`
          : `Movies/Title ${i} (2001)/Title ${i} (2001)-poster.jpg`,
    );
    const start = performance.now();
    for (const p of paths) describeFile(p);
    expect(performance.now() - start).toBeLessThan(2_000);
  });
});
