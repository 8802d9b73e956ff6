/** The per-request context every subgraph resolver receives. */
import type { AuditEventRepository } from './audit/audit-events';
import type { AuditCollector } from './audit/collector';
import type { HubConfig, ServiceName } from './config';
import type { Principal } from './identity/principal';
import type { Logger } from './logger';
import type { DataClass } from './policy/policy';

/** What a consent-gated read asks for: a class of data about one parent object, for the request's principal. */
export interface ConsentQuestion {
  /** The object whose field is read (e.g. the incident or client row). */
  readonly parent: unknown;
  /** "Type.field". */
  readonly fieldPath: string;
  readonly dataClass: DataClass;
  /** The parent's id, when it has one. */
  readonly entityId: string | undefined;
}

/**
 * Supplied by a subgraph that holds consent-gated data: answers, at read time, whether an active
 * (signed, unexpired, unrevoked) consent releases this class of the parent's data to the principal's
 * agency; returns the consent's id (recorded in the audit trail) or null. A throw counts as no consent.
 */
export type ConsentCheck = (ctx: HubContext, question: ConsentQuestion) => Promise<string | null>;

export interface HubContext<Loaders = unknown, Domain = unknown> {
  readonly service: ServiceName;
  readonly principal: Principal;
  readonly requestId: string;
  /** Set when the identity was minted by the gateway (the only issuer subgraphs accept). */
  readonly viaGateway: boolean;
  readonly audit: AuditCollector;
  /** The principal's reader of this subgraph's audit trail (set by the subgraph server for every request). */
  readonly auditEvents?: AuditEventRepository;
  readonly config: HubConfig;
  readonly log: Logger;
  /** The request's DataLoaders (reads only). */
  readonly loaders: Loaders;
  /** The request's domain services (the only write path), for subgraphs that define them (createDomain). */
  readonly domain?: Domain;
  readonly consent?: ConsentCheck;
  /** Current time for this request (tests may pin it). */
  readonly now: () => Date;
}
