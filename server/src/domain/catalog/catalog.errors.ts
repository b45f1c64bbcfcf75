export enum CatalogErrorCode {
  TitleNotFound = 'TITLE_NOT_FOUND',
  InvalidInput = 'INVALID_INPUT',
  VersionConflict = 'VERSION_CONFLICT',
}

export class CatalogError extends Error {
  constructor(
    readonly code: CatalogErrorCode,
    message: string,
    /** The input field at fault, for INVALID_INPUT. */
    readonly field?: string,
  ) {
    super(message);
    this.name = 'CatalogError';
  }
}
