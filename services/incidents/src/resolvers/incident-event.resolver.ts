import type { IncidentEventResolvers } from '../generated/resolvers';
import type { IncidentEventRow } from '../repositories/event.repository';
import { asRelationshipCode } from '../nibrs';

/** Feed events: the stored payload, plus the event's own id, type and time. */
export const IncidentEvent: IncidentEventResolvers = {
  incidentId: (e: IncidentEventRow) => e.payload.incidentId,
  agencyOri: (e: IncidentEventRow) => e.payload.agencyOri,
  rmsNumber: (e: IncidentEventRow) => e.payload.rmsNumber,
  occurredAt: (e: IncidentEventRow) => new Date(e.payload.occurredAt),
  offenderIds: (e: IncidentEventRow) => e.payload.offenderIds,
  victimPartyIds: (e: IncidentEventRow) => e.payload.victimPartyIds,
  isIntimatePartner: (e: IncidentEventRow) => e.payload.isIntimatePartner,
  relationshipCode: (e: IncidentEventRow) => asRelationshipCode(e.payload.relationshipCode),
  arrestMade: (e: IncidentEventRow) => e.payload.arrestMade,
  offenseCodes: (e: IncidentEventRow) => e.payload.offenseCodes,
  protectiveOrderViolation: (e: IncidentEventRow) => e.payload.protectiveOrderViolation,
  weaponInvolved: (e: IncidentEventRow) => e.payload.weaponInvolved,
  charges: (e: IncidentEventRow) => e.payload.charges,
  victims: (e: IncidentEventRow) => e.payload.victims,
};
