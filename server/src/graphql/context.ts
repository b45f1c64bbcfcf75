import type DataLoader from 'dataloader';
import type { PersonDoc, SeasonDoc, TitleDoc } from '@marquee/read-models';
import type { Logger } from '../infra/logger.js';
import type { Services } from '../main/services.js';

export type Principal = { kind: 'anonymous' } | { kind: 'service' };

export interface GraphQLContext {
  requestId: string;
  logger: Logger;
  principal: Principal;
  services: Services;
  loaders: { title: DataLoader<string, TitleDoc | null>; season: DataLoader<string, SeasonDoc | null>; person: DataLoader<string, PersonDoc | null> };
}
