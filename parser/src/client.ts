import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import {
  ExportTitlesDocument,
  ImportRunsDocument,
  ImportSchedulesDocument,
  ImportTitlesDocument,
  RunImportDocument,
  ScheduleImportDocument,
  UnscheduleImportDocument,
  type ExportTitlesQuery,
  type ImportRunsQuery,
  type ImportScheduleInput,
  type ImportSchedulesQuery,
  type ImportTitleInput,
  type ImportTitlesMutation,
} from './generated/graphql.js';
import { HttpClient, HttpError, type HttpPolicy } from './http.js';

/**
 * The parser's only way into Marquee: the GraphQL API's internal operations, with the service
 * token. It knows schema.graphql (through the generated operations), nothing of the server's code,
 * Postgres or Redis.
 */
export type ImportItem = ImportTitleInput;
export type ImportItemResult = ImportTitlesMutation['internalImportTitles'][number];
export type ImportSchedule = ImportSchedulesQuery['internalImportSchedules'][number];
export type ImportRun = ImportRunsQuery['internalImportRuns'][number];
export type ExportPage = ExportTitlesQuery['internalExportTitles'];

/** A refusal or failure of the API as a whole (not of one item): `code` is its extensions.code. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export class MarqueeClient {
  private readonly http: HttpClient;

  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
    policy: HttpPolicy = { retries: 5, requestsPerSecond: null, concurrency: 4 },
    onRetry?: (info: { attempt: number; delayMs: number; reason: string }) => void,
  ) {
    this.http = new HttpClient('Marquee', policy, onRetry);
  }

  private async request<R, V>(document: TypedDocumentNode<R, V>, variables: V): Promise<R> {
    let body: { data?: R | null; errors?: Array<{ message: string; extensions?: { code?: string; retryAfterSeconds?: number } }> };
    try {
      const res = await this.http.request(new URL('/graphql', this.baseUrl), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-marquee-service-token': this.token },
        body: JSON.stringify({ query: print(document), variables }),
      }, (status) => status >= 400 && status < 500);
      body = (await res.json().catch(() => ({ errors: [{ message: `Marquee answered HTTP ${res.status} without a GraphQL body`, extensions: { code: `HTTP_${res.status}` } }] }))) as typeof body;
    } catch (err) {
      if (err instanceof HttpError) throw new ApiError(err.message, err.status === null ? 'NETWORK' : `HTTP_${err.status}`);
      throw err;
    }
    if (body.errors?.length) {
      const first = body.errors[0]!;
      throw new ApiError(first.message, first.extensions?.code ?? 'INTERNAL');
    }
    return body.data as R;
  }

  /** One batch: one result per item, in order. */
  async importTitles(items: ImportItem[], dryRun: boolean): Promise<ImportItemResult[]> {
    return (await this.request(ImportTitlesDocument, { items, dryRun })).internalImportTitles;
  }

  async schedule(input: ImportScheduleInput): Promise<ImportSchedule> {
    return (await this.request(ScheduleImportDocument, { input })).internalScheduleImport;
  }

  async unschedule(name: string): Promise<boolean> {
    return (await this.request(UnscheduleImportDocument, { name })).internalUnscheduleImport;
  }

  async runNow(name: string): Promise<string> {
    return (await this.request(RunImportDocument, { name })).internalRunImport;
  }

  async schedules(): Promise<ImportSchedule[]> {
    return (await this.request(ImportSchedulesDocument, {})).internalImportSchedules;
  }

  async runs(first: number): Promise<ImportRun[]> {
    return (await this.request(ImportRunsDocument, { first })).internalImportRuns;
  }

  /** One page of the catalog, oldest title first. */
  async exportTitles(first: number, after: string | null): Promise<ExportPage> {
    return (await this.request(ExportTitlesDocument, { first, after })).internalExportTitles;
  }
}
