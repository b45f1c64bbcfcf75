import { graphql, type ResultOf } from '../graphql.ts';

/** Library statistics for the dashboard's charts: video files by resolution and codec, NFO and poster gaps. */
export const LibraryStatisticsDocument = graphql(`
	query LibraryStatistics {
		libraryStatistics {
			videoFiles
			byResolution {
				resolution
				count
			}
			byCodec {
				codec
				count
			}
			videosWithoutNfo
			titles
			titlesWithoutPoster
		}
	}
`);

export type LibraryStatistics = ResultOf<typeof LibraryStatisticsDocument>['libraryStatistics'];
