/** How many of the newest titles the catalog page shows. */
export const CATALOG_PAGE_SIZE = 50;
