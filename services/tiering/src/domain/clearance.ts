/**
 * The victim-first clearance of a notification, as police, prosecutors and advocates see it: a state
 * and a deadline, never why. Tiering owns it: the deadline is fixed when the notification is
 * scheduled (its creation + the policy's clearanceWaitHours), advocates' clearances arrive through
 * victim-services' clearance feed, and a coordinator may waive it.
 */
export type ClearanceState = 'PENDING' | 'CLEARED' | 'WINDOW_LAPSED' | 'WAIVED';

export interface ClearanceFacts {
  readonly gateDeadline: Date;
  readonly gateClearedAt: Date | null;
  readonly gateWaivedAt: Date | null;
}

export function clearanceState(n: ClearanceFacts, now: Date): ClearanceState {
  if (n.gateClearedAt) return 'CLEARED';
  if (n.gateWaivedAt) return 'WAIVED';
  return now.getTime() >= n.gateDeadline.getTime() ? 'WINDOW_LAPSED' : 'PENDING';
}

/** Whether delivery may be recorded: anything but PENDING. */
export function clearanceOpen(n: ClearanceFacts, now: Date): boolean {
  return clearanceState(n, now) !== 'PENDING';
}
