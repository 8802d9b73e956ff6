import { VictimServicesInitial1764000000300 } from './1764000000300-victim-services-initial';
import { VictimServicesRecords1764000000310 } from './1764000000310-victim-services-records';

export const migrations = [VictimServicesInitial1764000000300, VictimServicesRecords1764000000310];
