import { EntityRepository } from '@mikro-orm/postgresql';
import type { Title } from './title.entity.js';

export class TitleRepository extends EntityRepository<Title> {}
