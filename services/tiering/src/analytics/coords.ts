/** A published cell's coordinates as the schema types them: null for a dimension not grouped by (all values). */
import { NOTIFICATION_TYPES, TIERS, type NotificationType, type Tier } from '../policy/tier-policy';

export const coord = (v: string | null | undefined): string | null => v ?? null;

export const tierCoord = (v: string | null | undefined): Tier | null => TIERS.find((t) => t === v) ?? null;

export const typeCoord = (v: string | null | undefined): NotificationType | null => NOTIFICATION_TYPES.find((t) => t === v) ?? null;
