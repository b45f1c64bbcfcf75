/**
 * Lidarr "Connect → Webhook" payloads. The shared fixtures have none, so these are DERIVED, like
 * them: field names, nesting and casing transcribed from Lidarr's payload classes (no code copied),
 * values made up. Sources, Lidarr/Lidarr (GPL-3.0), src/NzbDrone.Core/Notifications/Webhook/:
 * - WebhookBase.cs @1536e900533a20b525fcd5110a349faed04203db — what each event sends
 *   (BuildTestPayload, BuildOnReleaseImportPayload, BuildOnTrackRetagPayload, BuildOnAlbumDelete,
 *   BuildOnArtistDelete, BuildOnRenamePayload)
 * - WebhookImportPayload.cs @2f67b5cfc12e657b52c88c358415875c8032720f (artist, tracks, trackFiles,
 *   deletedFiles, isUpgrade, downloadClient, downloadId)
 * - WebhookTrackFile.cs @0fc2e0a9aca311db1c4a2598215a3233a4b5cc91 (id, path, quality, qualityVersion,
 *   releaseGroup, sceneName, size, dateAdded); WebhookTrack.cs @740e860fd1321bf40164937873ba520ffca38a13
 * - WebhookArtist.cs, WebhookAlbum.cs @6922c86e33010578740e1a8638e44a200e8687ef
 * - WebhookEventType.cs @5b701aafc13a712c2900c787b2cea01432b5c037: Test, Grab, Download,
 *   DownloadFailure, ImportFailure, Rename, AlbumDelete, ArtistDelete, Health, Retag,
 *   ApplicationUpdate, HealthRestored (plus ArtistAdd in WebhookBase). There is no track-file
 *   delete event: Lidarr reports deletions as AlbumDelete / ArtistDelete.
 * Wire rules are Radarr's and Sonarr's (same serializer): camelCase properties (`MBId` → `mbId`),
 * nulls omitted, defaults (0, false, "") kept, `eventType` PascalCase, base-class properties last.
 */
const ARTIST_DIR = '/data/media/music/Daft Punk';
const ALBUM_DIR = `${ARTIST_DIR}/Discovery (2001)`;

const artist = {
  id: 12,
  name: 'Daft Punk',
  disambiguation: '',
  path: ARTIST_DIR,
  mbId: '056e4f3e-d505-4dad-8ec1-d04f521cbb56',
  type: 'Group',
  overview: 'French electronic music duo.',
  genres: ['Electronic', 'House'],
  images: [],
};

const album = {
  id: 310,
  mbId: '48117b82-8eee-3d7f-9c52-5f7a4e2b1a3e',
  title: 'Discovery',
  disambiguation: '',
  overview: '',
  albumType: 'Album',
  secondaryAlbumTypes: [],
  releaseDate: '2001-03-12T00:00:00Z',
  genres: ['Electronic'],
  images: [],
};

export const LIDARR_TRACKS = ['01 - One More Time.flac', '02 - Aerodynamic.flac'].map((name) => `${ALBUM_DIR}/${name}`);

const trackFile = (id: number, path: string) => ({
  id,
  path,
  quality: 'FLAC',
  qualityVersion: 1,
  releaseGroup: 'DP',
  sceneName: 'Daft_Punk-Discovery-CD-FLAC-2001-DP',
  size: 38_123_456 + id,
  dateAdded: '2026-05-01T20:14:03.1234567Z',
});

const base = (eventType: string) => ({ eventType, instanceName: 'Lidarr', applicationUrl: '' });

export const lidarrPayloads = {
  test: {
    artist: { id: 1, name: 'Test Name', path: 'C:\\testpath', mbId: 'aaaaa-aaa-aaaa-aaaaaa' },
    albums: [{ id: 123, title: 'Test title' }],
    ...base('Test'),
  },
  download: {
    artist,
    album,
    tracks: [
      { id: 9001, title: 'One More Time', trackNumber: '1', qualityVersion: 0 },
      { id: 9002, title: 'Aerodynamic', trackNumber: '2', qualityVersion: 0 },
    ],
    trackFiles: LIDARR_TRACKS.map((p, i) => trackFile(501 + i, p)),
    isUpgrade: false,
    downloadClient: 'qBittorrent',
    downloadClientType: 'qBittorrent',
    downloadId: '0F1E2D3C4B5A69788796A5B4C3D2E1F001122334',
    ...base('Download'),
  },
  retag: { artist, trackFile: trackFile(501, LIDARR_TRACKS[0]!), ...base('Retag') },
  rename: { artist, renamedTrackFiles: [{ ...trackFile(502, LIDARR_TRACKS[1]!), previousPath: `${ALBUM_DIR}/2 - Aerodynamic.flac` }], ...base('Rename') },
  albumDelete: { artist, album, deletedFiles: true, ...base('AlbumDelete') },
  artistDelete: { artist, deletedFiles: true, ...base('ArtistDelete') },
};
