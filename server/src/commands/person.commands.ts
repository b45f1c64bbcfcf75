import type { MikroORM } from '@mikro-orm/postgresql';
import type { PersonEvent } from '@marquee/read-models';
import { CatalogError, CatalogErrorCode } from '../domain/catalog/catalog.errors.js';
import { Person } from '../domain/catalog/person.entity.js';
import { appendToOutbox } from '../domain/outbox/outbox.js';
import { definedOnly, parse, UUID, writeTransaction } from './command-support.js';
import { personInputSchema } from './season.schemas.js';



export const personEvent = (type: PersonEvent['type'], p: Person): PersonEvent => ({ aggregateType: 'person', aggregateId: p.id, aggregateVersion: p.version, type, payload: p.toState() });

/** People in cast and crew. */
export class PersonCommands {
  constructor(private readonly orm: MikroORM) {}

  async createPerson(input: unknown): Promise<Person> {
    const data = parse(personInputSchema, input);
    return writeTransaction(this.orm, 'The person', async (em) => {
      const person = em.create(Person, data);
      await em.flush();
      await appendToOutbox(em, [personEvent('PersonCreated', person)]);
      return person;
    });
  }

  /** A partial edit; a stale `expectedVersion` is CONFLICT. */
  async updatePerson(id: string, expectedVersion: number, changes: unknown): Promise<Person> {
    const data = parse(personInputSchema.partial(), changes);
    return writeTransaction(this.orm, `Person ${id}`, async (em) => {
      const person = UUID.test(id) ? await em.findOne(Person, { id }) : null;
      if (!person) throw new CatalogError(CatalogErrorCode.TitleNotFound, `Person ${id} was not found`, 'id');
      if (person.version !== expectedVersion) {
        throw new CatalogError(CatalogErrorCode.VersionConflict, `Person ${id} is at version ${person.version}, not ${expectedVersion}`, 'expectedVersion');
      }
      const given = definedOnly(data);
      if (Object.entries(given).every(([k, v]) => (person as unknown as Record<string, unknown>)[k] === v)) return person;
      Object.assign(person, given);
      await em.flush();
      await appendToOutbox(em, [personEvent('PersonUpdated', person)]);
      return person;
    });
  }

}
