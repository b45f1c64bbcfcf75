import type { AnyProjection } from '../projection.js';
import { notificationDeliveryProjection, notificationTargetProjection, playerProjection } from './integration.projection.js';
import { jobRunProjection } from './job-run.projection.js';
import { publishedFilesProjection, recycleEntryProjection } from './publishing.projection.js';
import { libraryProjection } from './library.projection.js';
import { mediaFileProjection } from './media-file.projection.js';
import { personProjection } from './person.projection.js';
import { seasonProjection } from './season.projection.js';
import { titleCardProjection } from './title-card.projection.js';
import { titleProjection } from './title.projection.js';
import { userTitleProjection } from './user-title.projection.js';
import { publicListProjection, userListProjection } from './user-list.projection.js';

/** Every projection the projector runs. */
export const allProjections: readonly AnyProjection[] = [
  titleProjection,
  titleCardProjection,
  seasonProjection,
  personProjection,
  libraryProjection,
  mediaFileProjection,
  jobRunProjection,
  userTitleProjection,
  userListProjection,
  publicListProjection,
  publishedFilesProjection,
  recycleEntryProjection,
  playerProjection,
  notificationTargetProjection,
  notificationDeliveryProjection,
] as unknown as AnyProjection[];
