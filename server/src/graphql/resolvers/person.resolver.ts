import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Access, CATALOG_READ, CATALOG_WRITE } from '../../auth/policy.js';
import type { PersonDoc } from '@marquee/read-models';
import type { Person } from '../../domain/catalog/person.entity.js';
import type { GraphQLContext } from '../context.js';
import { definedOnly } from '../../commands/command-support.js';
import { notFound } from '../errors.js';
import { PersonInput, UpdatePersonInput } from '../inputs/person.input.js';
import { CreditType, FilmographyEntryType, PersonType } from '../types/person.type.js';
import { fromDoc } from './catalog.resolver.js';

const fromPersonDoc = (doc: PersonDoc): PersonType => Object.assign(new PersonType(), doc);
const fromPerson = (p: Person): PersonType => Object.assign(new PersonType(), { ...p.toState(), version: p.version });

@Resolver(() => PersonType)
export class PersonResolver {
  @Access(...CATALOG_READ)
  @Query(() => PersonType, { description: 'A person; NOT_FOUND when unknown' })
  async person(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<PersonType> {
    const doc = await ctx.loaders.person.load(id);
    if (!doc) throw notFound('Person', id);
    return fromPersonDoc(doc);
  }

  @FieldResolver(() => [FilmographyEntryType], { description: 'Titles crediting this person, newest first (recycled titles excluded)' })
  async filmography(@Root() person: PersonType, @Arg('first', () => Int, { defaultValue: 100 }) first: number, @Ctx() ctx: GraphQLContext): Promise<FilmographyEntryType[]> {
    const entries = await ctx.services.people.filmography(person.id, Math.min(Math.max(first, 1), 500));
    const titles = await ctx.loaders.title.loadMany(entries.map((e) => e.titleId));
    return entries.flatMap((e, i) => {
      const doc = titles[i];
      return doc && !(doc instanceof Error) && !doc.deletedAt ? [{ title: fromDoc(doc), role: e.role, character: e.character }] : [];
    });
  }

  @Access(...CATALOG_WRITE)
  @Mutation(() => PersonType, { description: 'Adds a person to credit on titles' })
  async createPerson(@Arg('input', () => PersonInput) input: PersonInput, @Ctx() ctx: GraphQLContext): Promise<PersonType> {
    return fromPerson(await ctx.services.personCommands.createPerson({ ...input }));
  }

  @Access(...CATALOG_WRITE)
  @Mutation(() => PersonType)
  async updatePerson(@Arg('input', () => UpdatePersonInput) input: UpdatePersonInput, @Ctx() ctx: GraphQLContext): Promise<PersonType> {
    const { id, expectedVersion, ...changes } = input;
    return fromPerson(await ctx.services.personCommands.updatePerson(id, expectedVersion, definedOnly(changes)));
  }
}

@Resolver(() => CreditType)
export class CreditResolver {
  @FieldResolver(() => PersonType)
  async person(@Root() credit: CreditType, @Ctx() ctx: GraphQLContext): Promise<PersonType> {
    const doc = await ctx.loaders.person.load(credit.personId);
    if (!doc) throw notFound('Person', credit.personId);
    return fromPersonDoc(doc);
  }
}
