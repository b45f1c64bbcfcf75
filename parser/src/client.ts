/**
 * The parser's only way into Marquee: the GraphQL API's internal mutations, with the service
 * token. It knows schema.graphql, nothing of the server's code, Postgres or Redis.
 */
export interface ImportItem {
  provider: string;
  externalId: string;
  kind: 'MOVIE' | 'SERIES' | 'ANIME_SERIES' | 'ANIME_MOVIE';
  name: string;
  year?: number | null;
}

export interface ImportItemResult {
  index: number;
  outcome: 'CREATED' | 'UPDATED' | 'UNCHANGED' | 'FAILED';
  titleId: string | null;
  error: { code: string; field: string | null; message: string } | null;
}

export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const IMPORT_TITLES = /* GraphQL */ `
  mutation ParserImportTitles($items: [ImportTitleInput!]!) {
    internalImportTitles(items: $items) {
      index
      outcome
      titleId
      error { code field message }
    }
  }
`;

export class MarqueeClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  private async request<T>(query: string, variables: Record<string, unknown>): Promise<T> {
    let res: Response;
    try {
      res = await fetch(new URL('/graphql', this.baseUrl), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-marquee-service-token': this.token },
        body: JSON.stringify({ query, variables }),
      });
    } catch (err) {
      throw new ApiError(`cannot reach Marquee at ${this.baseUrl}: ${(err as Error).message}`, 'NETWORK');
    }
    const body = (await res.json().catch(() => null)) as { data?: T; errors?: Array<{ message: string; extensions?: { code?: string } }> } | null;
    if (!body) throw new ApiError(`Marquee answered HTTP ${res.status} without a GraphQL body`, 'HTTP');
    if (body.errors?.length) {
      const first = body.errors[0]!;
      throw new ApiError(first.message, first.extensions?.code ?? 'INTERNAL');
    }
    return body.data as T;
  }

  async importTitles(items: ImportItem[]): Promise<ImportItemResult[]> {
    const data = await this.request<{ internalImportTitles: ImportItemResult[] }>(IMPORT_TITLES, { items });
    return data.internalImportTitles;
  }
}
