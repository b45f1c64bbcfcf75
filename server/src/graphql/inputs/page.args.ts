import { ArgsType, Field, Int } from 'type-graphql';
import type { PageWindow } from '@marquee/read-models';
import { badInput } from '../errors.js';

@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, description: 'Page size from the start or after a cursor, 1 to 200 (default 50)' })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'Cursor (endCursor) to continue after' })
  after?: string | null;

  @Field(() => Int, { nullable: true, description: 'Page size from the end or before a cursor, 1 to 200' })
  last?: number | null;

  @Field(() => String, { nullable: true, description: 'Cursor (startCursor) to go back from' })
  before?: string | null;
}

const MAX_PAGE = 200;

function pageSize(field: 'first' | 'last', value: number | null | undefined): number {
  if (value == null) return 50;
  if (value < 1 || value > MAX_PAGE) throw badInput(field, `${field} must be between 1 and ${MAX_PAGE}`);
  return value;
}

/**
 * The Relay window of a connection's arguments: first/after or last/before, not both. The page
 * size is checked here (not by class-validator), so read queries can skip argument validation.
 */
export function pageWindow(args: PageArgs): PageWindow {
  if ((args.first != null || args.after != null) && (args.last != null || args.before != null)) {
    throw badInput('last', 'use first/after or last/before, not both');
  }
  if (args.last != null || args.before != null) return { last: pageSize('last', args.last), before: args.before };
  return { first: pageSize('first', args.first), after: args.after };
}

