/**
 * The pg client of every subgraph's pool: a parameterised statement is sent as a named prepared statement (named by a
 * hash of its text), so a pooled connection parses and analyses it once and PostgreSQL may keep its plan, instead of
 * parsing, analysing and planning it again on every call. The repositories' statements are few and fixed (parameters, not
 * text, vary: `= ANY($1::uuid[])`), and planning was most of the server's time per call on the reference machine.
 *
 * Bounded: a connection prepares at most MAX_PREPARED distinct statements; beyond them (a statement whose text varies with
 * its input, a VALUES list of n rows) it sends them unnamed, as before. A statement without parameters (a simple query,
 * possibly several statements) is sent as it is. A deployment behind a pooler in transaction mode needs one that keeps
 * protocol-level prepared statements (PgBouncer 1.21+ with max_prepared_statements).
 */
import { createHash } from 'node:crypto';
import { Client } from 'pg';

/** Distinct statements one connection prepares at most. */
export const MAX_PREPARED = 300;

const names = new Map<string, string>();
/** The statement's name: a hash of its text (cached for the texts seen; bounded like the connections' own sets). */
function statementName(text: string): string {
  let name = names.get(text);
  if (name === undefined) {
    name = `ipvi_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
    if (names.size < 4 * MAX_PREPARED) names.set(text, name);
  }
  return name;
}

type Query<C extends Client = Client> = (this: C, config: unknown, values?: unknown, callback?: unknown) => unknown;

export class PreparingClient extends Client {
  /** Names this connection has prepared (or is preparing). */
  readonly prepared = new Set<string>();
}

/** pg's own query, looked up at each call (a test may wrap it). */
const plainQuery: Query = function (config, values, callback) {
  return (Client.prototype.query as unknown as Query).call(this, config, values, callback);
};
(PreparingClient.prototype as unknown as { query: Query<PreparingClient> }).query = function (this: PreparingClient, config, values, callback) {
  if (typeof config !== 'string' || !Array.isArray(values) || values.length === 0) return plainQuery.call(this, config, values, callback);
  const name = statementName(config);
  if (!this.prepared.has(name)) {
    if (this.prepared.size >= MAX_PREPARED) return plainQuery.call(this, config, values, callback);
    this.prepared.add(name);
  }
  return plainQuery.call(this, { name, text: config, values }, callback);
};
