/** Database URLs, apart from the database module (which loads TypeORM and pg) for the tools that only name a database. */

/** Appends a database name to a server URL. */
export function databaseUrl(serverUrl: string, database: string): string {
  const u = new URL(serverUrl);
  u.pathname = `/${database}`;
  return u.toString();
}
