import { IncidentEntity, IncidentOffenderEntity } from './incident.entity';
import { IncidentVictimEntity } from './incident-victim.entity';
import { OffenderEntity } from './offender.entity';

export { IncidentEntity, IncidentOffenderEntity, IncidentVictimEntity, OffenderEntity };
export const entities = [OffenderEntity, IncidentEntity, IncidentOffenderEntity, IncidentVictimEntity];
