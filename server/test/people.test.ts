import { describe, expect, it } from 'vitest';
import { eventually, useMarquee } from './harness/marquee.js';
import { useTestServices } from './harness/services.js';

const services = useTestServices();
const marquee = useMarquee(services, ['api', 'projector']);

async function person(name: string, extra: Record<string, unknown> = {}): Promise<string> {
  const res = await marquee.gql<{ createPerson: { id: string } }>(`mutation($i: PersonInput!) { createPerson(input: $i) { id } }`, { i: { name, ...extra } });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!.createPerson.id;
}
async function title(name: string, year: number): Promise<string> {
  const res = await marquee.gql<{ createTitle: { id: string } }>(`mutation($i: CreateTitleInput!) { createTitle(input: $i) { id } }`, { i: { kind: 'MOVIE', name, year } });
  return res.data!.createTitle.id;
}
const SET = `mutation($t: ID!, $c: [CreditInput!]!) { setCredits(titleId: $t, credits: $c) { version } }`;

describe('people and credits', () => {
  it('credits people on titles, inlined in the title and listed in their filmography', async () => {
    const keanu = await person('Keanu Reeves', { birthDate: '1964-09-02' });
    const lana = await person('Lana Wachowski');
    const matrix = await title('The Matrix', 1999);
    const wick = await title('John Wick', 2014);
    await marquee.gql(SET, { t: matrix, c: [{ personId: keanu, role: 'ACTOR', character: 'Neo' }, { personId: lana, role: 'DIRECTOR' }] });
    await marquee.gql(SET, { t: wick, c: [{ personId: keanu, role: 'ACTOR', character: 'John Wick' }] });

    const credits = await eventually(async () => {
      const res = await marquee.gql<{ title: { credits: Array<{ role: string; character: string | null; order: number; person: { name: string } }> } }>(
        `query($id: ID!) { title(id: $id) { credits { role character order person { name } } } }`,
        { id: matrix },
      );
      return res.data?.title.credits.length === 2 ? res.data.title.credits : undefined;
    }, 'credits projected');
    expect(credits).toEqual([
      { role: 'ACTOR', character: 'Neo', order: 0, person: { name: 'Keanu Reeves' } },
      { role: 'DIRECTOR', character: null, order: 1, person: { name: 'Lana Wachowski' } },
    ]);

    const film = async () =>
      (await marquee.gql<{ person: { name: string; birthDate: string; filmography: Array<{ role: string; character: string; title: { name: string; year: number } }> } }>(
        `query($id: ID!) { person(id: $id) { name birthDate filmography { role character title { name year } } } }`,
        { id: keanu },
      )).data?.person;
    const p = await eventually(async () => ((await film())?.filmography.length === 2 ? film() : undefined), 'filmography');
    expect(p!.birthDate).toBe('1964-09-02');
    expect(p!.filmography).toEqual([
      { role: 'ACTOR', character: 'John Wick', title: { name: 'John Wick', year: 2014 } },
      { role: 'ACTOR', character: 'Neo', title: { name: 'The Matrix', year: 1999 } },
    ]);

    // A renamed person shows the new name on every title at once: names are read from the person.
    const current = await marquee.gql<{ person: { version: number } }>(`query($id: ID!) { person(id: $id) { version } }`, { id: keanu });
    await marquee.gql(`mutation($i: UpdatePersonInput!) { updatePerson(input: $i) { id } }`, { i: { id: keanu, expectedVersion: current.data!.person.version, name: 'Keanu Charles Reeves' } });
    await eventually(async () => {
      const res = await marquee.gql<{ title: { credits: Array<{ person: { name: string } }> } }>(`query($id: ID!) { title(id: $id) { credits(role: ACTOR) { person { name } } } }`, { id: wick });
      return res.data?.title.credits[0]?.person.name === 'Keanu Charles Reeves' ? true : undefined;
    }, 'rename visible');

    // Removing credits takes the title out of the filmography; recycled titles drop out too.
    await marquee.gql(SET, { t: wick, c: [] });
    await marquee.gql(`mutation($id: ID!) { deleteTitle(id: $id) { id } }`, { id: matrix });
    await eventually(async () => ((await film())?.filmography.length === 0 ? true : undefined), 'filmography emptied');
  });

  it('refuses unknown people and stale person edits', async () => {
    const t = await title('Nobody Here', 2001);
    const res = await marquee.gql(SET, { t, c: [{ personId: '00000000-0000-4000-8000-000000000000', role: 'ACTOR' }] });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: '0.personId' });
    const p = await person('Someone');
    const stale = await marquee.gql(`mutation($i: UpdatePersonInput!) { updatePerson(input: $i) { id } }`, { i: { id: p, expectedVersion: 7, name: 'X' } });
    expect(stale.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'expectedVersion' });
    const bad = await marquee.gql(`mutation { createPerson(input: { name: "X", birthDate: "1964-13-01" }) { id } }`);
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'birthDate' });
  });
});
