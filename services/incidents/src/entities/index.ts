import { IncidentEventEntity, PersonLinkEventEntity } from './feed-event.entity';
import { IncidentEntity, IncidentOffenderEntity, IncidentVersionEntity } from './incident.entity';
import { IncidentChargeEntity } from './incident-charge.entity';
import { IncidentVictimEntity } from './incident-victim.entity';
import { LethalityScreenEntity } from './lethality-screen.entity';
import { OffenderEntity } from './offender.entity';
import { PersonLinkCandidateEntity, PersonLinkEntity } from './person-link.entity';
import { ProtectiveOrderEntity } from './protective-order.entity';
import { ProtectiveOrderVersionEntity } from './protective-order-version.entity';

export type { IncidentEventPayload, PersonLinkEventPayload } from './feed-event.entity';
export type { IncidentRow, IncidentVersionRow } from './incident.entity';
export type { OffenderRow } from './offender.entity';
export type { ProtectiveOrderRow } from './protective-order.entity';
export type { CandidateRow } from './person-link.entity';
export { INCIDENT_ROW_EXCLUDES } from './incident.entity';
export { OFFENDER_ROW } from './offender.entity';
export { PROTECTIVE_ORDER_ROW_EXCLUDES } from './protective-order.entity';

export {
  IncidentEventEntity,
  PersonLinkEventEntity,
  ProtectiveOrderVersionEntity,
  IncidentChargeEntity,
  IncidentEntity,
  IncidentOffenderEntity,
  IncidentVersionEntity,
  IncidentVictimEntity,
  LethalityScreenEntity,
  OffenderEntity,
  PersonLinkCandidateEntity,
  PersonLinkEntity,
  ProtectiveOrderEntity,
};
export const entities = [
  OffenderEntity,
  IncidentEntity,
  IncidentOffenderEntity,
  IncidentVersionEntity,
  IncidentVictimEntity,
  IncidentChargeEntity,
  LethalityScreenEntity,
  ProtectiveOrderEntity,
  PersonLinkCandidateEntity,
  PersonLinkEntity,
  ProtectiveOrderVersionEntity,
  IncidentEventEntity,
  PersonLinkEventEntity,
];
