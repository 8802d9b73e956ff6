/** The per-request context every subgraph resolver receives. */
import type { AuditCollector } from './audit/collector';
import type { HubConfig, ServiceName } from './config';
import type { Principal } from './identity/principal';
import type { Logger } from './logger';

/** Answers whether an active consent releases a field's data to the principal; returns its id or null. */
export type ConsentCheck = (ctx: HubContext, parent: unknown, fieldPath: string) => Promise<string | null>;

export interface HubContext<Loaders = unknown> {
  readonly service: ServiceName;
  readonly principal: Principal;
  readonly requestId: string;
  /** Set when the identity was minted by the gateway (the only issuer subgraphs accept). */
  readonly viaGateway: boolean;
  readonly audit: AuditCollector;
  readonly config: HubConfig;
  readonly log: Logger;
  readonly loaders: Loaders;
  readonly consent?: ConsentCheck;
  /** Current time for this request (tests may pin it). */
  readonly now: () => Date;
}
