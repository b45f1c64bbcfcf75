import type { ArtworkKind } from '@marquee/read-models';
import type { ArtworkCandidate } from '../../integrations/providers/provider.types.js';

/** The size each kind is made for; larger counts the same, smaller proportionally less. */
const TARGET_PIXELS: Record<ArtworkKind, number> = {
  POSTER: 1000 * 1500,
  SEASON_POSTER: 1000 * 1500,
  FANART: 1920 * 1080,
  BANNER: 1000 * 185,
  CLEARLOGO: 800 * 310,
  LANDSCAPE: 1000 * 562,
  THUMB: 1280 * 720,
};

/** Backgrounds are best without text; everything else is best in the reader's language. */
const TEXTLESS_FIRST: readonly ArtworkKind[] = ['FANART'];

/**
 * The score that picks the artwork in use per kind (docs/enrichment.md), 0–200:
 * - language, 0–100: in the preferred language 100, without text 60 (English 40 when another
 *   language is preferred), anything else 0; for backgrounds (FANART) without text 100, the
 *   preferred language 60, anything else 0;
 * - resolution, 0–50: 50 × pixels / the kind's target size, at most 50; 20 when the size is unknown;
 * - votes, 0–40: 40 × log10(1 + votes) / 3, at most 40 (1,000 votes or likes score full);
 * - rating, 0–10: the provider's average rating of the image (0–10), where it has one.
 */
export function artworkScore(a: Pick<ArtworkCandidate, 'kind' | 'width' | 'height' | 'language' | 'votes' | 'rating'>, preferred: string): number {
  let lang: number;
  if (TEXTLESS_FIRST.includes(a.kind)) lang = a.language === null ? 100 : a.language === preferred ? 60 : 0;
  else if (a.language === preferred) lang = 100;
  else if (a.language === null) lang = 60;
  else lang = a.language === 'en' ? 40 : 0;
  const resolution = a.width && a.height ? Math.min(50, (50 * a.width * a.height) / TARGET_PIXELS[a.kind]) : 20;
  const votes = a.votes && a.votes > 0 ? Math.min(40, (40 * Math.log10(1 + a.votes)) / 3) : 0;
  const rating = a.rating !== null && a.rating >= 0 ? Math.min(10, a.rating) : 0;
  return Math.round((lang + resolution + votes + rating) * 100) / 100;
}
