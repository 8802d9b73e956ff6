import { VictimServicesInitial1764000000300 } from './1764000000300-victim-services-initial';
import { VictimServicesRecords1764000000310 } from './1764000000310-victim-services-records';
import { AdvocateClearance1764000000320 } from './1764000000320-advocate-clearance';
import { NormalizedAgencies1764000000330 } from './1764000000330-normalized-agencies';
import { LanguageEnum1764000000340 } from './1764000000340-language-enum';
import { AnalyticsIndexes1764000000390 } from './1764000000390-analytics-indexes';

export const migrations = [
  VictimServicesInitial1764000000300,
  VictimServicesRecords1764000000310,
  AdvocateClearance1764000000320,
  NormalizedAgencies1764000000330,
  LanguageEnum1764000000340,
  AnalyticsIndexes1764000000390,
];
