import type DataLoader from 'dataloader';
import type { PersonDoc, SeasonDoc, TitleDoc } from '@marquee/read-models';
import type { Client } from '../auth/auth.commands.js';
import type { Principal } from '../auth/policy.js';
import type { Logger } from '../infra/logger.js';
import type { Services } from '../main/services.js';

export type { Principal };

export interface GraphQLContext {
  requestId: string;
  logger: Logger;
  principal: Principal;
  /** The caller's device and address (sessions record them). */
  client: Client;
  /** The request's cookies (the web's refresh cookie). */
  cookies: Record<string, string | undefined>;
  /** Adds Set-Cookie headers to the answer (sign-in and sign-out from the web). */
  setCookies(values: string[]): void;
  services: Services;
  loaders: { title: DataLoader<string, TitleDoc | null>; season: DataLoader<string, SeasonDoc | null>; person: DataLoader<string, PersonDoc | null> };
}
