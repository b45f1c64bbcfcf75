import { ArgsType, Field, Int } from 'type-graphql';
import { Max, Min } from 'class-validator';
import type { PageWindow } from '@marquee/read-models';
import { badInput } from '../errors.js';

@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, description: 'Page size from the start or after a cursor, 1 to 200 (default 50)' })
  @Min(1)
  @Max(200)
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'Cursor (endCursor) to continue after' })
  after?: string | null;

  @Field(() => Int, { nullable: true, description: 'Page size from the end or before a cursor, 1 to 200' })
  @Min(1)
  @Max(200)
  last?: number | null;

  @Field(() => String, { nullable: true, description: 'Cursor (startCursor) to go back from' })
  before?: string | null;
}

/** The Relay window of a connection's arguments: first/after or last/before, not both. */
export function pageWindow(args: PageArgs): PageWindow {
  if ((args.first != null || args.after != null) && (args.last != null || args.before != null)) {
    throw badInput('last', 'use first/after or last/before, not both');
  }
  if (args.last != null || args.before != null) return { last: args.last ?? 50, before: args.before };
  return { first: args.first ?? 50, after: args.after };
}

