import { IncidentsInitial1764000000100 } from './1764000000100-incidents-initial';
import { IncidentOutbox1764000000110 } from './1764000000110-incident-outbox';
import { IncidentsFullModel1764000000120 } from './1764000000120-incidents-full-model';
import { PersonIdentity1764000000130 } from './1764000000130-person-identity';
import { WeaponInvolved1764000000140 } from './1764000000140-weapon-involved';

/** Every migration of the incidents database, in order (the shared audit table is added by the platform). */
export const migrations = [
  IncidentsInitial1764000000100,
  IncidentOutbox1764000000110,
  IncidentsFullModel1764000000120,
  PersonIdentity1764000000130,
  WeaponInvolved1764000000140,
];
