import { VictimServicesInitial1764000000300 } from './1764000000300-victim-services-initial';
import { VictimServicesRecords1764000000310 } from './1764000000310-victim-services-records';
import { AdvocateClearance1764000000320 } from './1764000000320-advocate-clearance';
import { AnalyticsIndexes1764000000390 } from './1764000000390-analytics-indexes';

export const migrations = [VictimServicesInitial1764000000300, VictimServicesRecords1764000000310, AdvocateClearance1764000000320, AnalyticsIndexes1764000000390];
