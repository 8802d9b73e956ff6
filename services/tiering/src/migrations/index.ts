import { TieringInitial1764000000200 } from './1764000000200-tiering-initial';
import { TieringEngine1764000000210 } from './1764000000210-tiering-engine';
import { TieringNotifications1764000000220 } from './1764000000220-tiering-notifications';
import { TieringPersons1764000000230 } from './1764000000230-tiering-persons';
import { TieringProgram1764000000260 } from './1764000000260-tiering-program';
import { TieringNotificationReview1764000000261 } from './1764000000261-tiering-notification-review';
import { TieringProviderReferrals1764000000270 } from './1764000000270-tiering-provider-referrals';
import { AnalyticsIndexes1764000000290 } from './1764000000290-analytics-indexes';
import { TieringRulesInDomain1764000000296 } from './1764000000296-tiering-rules-in-domain';
import { TieringReferredIncidents1764000000297 } from './1764000000297-tiering-referred-incidents';

/** Every migration of the tiering database, in order (audit and feed tables are added by the platform). */
export const migrations = [
  TieringInitial1764000000200,
  TieringEngine1764000000210,
  TieringNotifications1764000000220,
  TieringPersons1764000000230,
  TieringProgram1764000000260,
  TieringNotificationReview1764000000261,
  TieringProviderReferrals1764000000270,
  AnalyticsIndexes1764000000290,
  TieringRulesInDomain1764000000296,
  TieringReferredIncidents1764000000297,
];
