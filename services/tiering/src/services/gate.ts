/** The victim-first gate of a notification, as police may see it: a state and a deadline, never why. */
export type GateState = 'CLOSED' | 'CLEARED' | 'LAPSED' | 'WAIVED';

export interface GateFacts {
  readonly gateDeadline: Date;
  readonly gateClearedAt: Date | null;
  readonly gateWaivedAt: Date | null;
}

export function gateState(n: GateFacts, now: Date): GateState {
  if (n.gateClearedAt) return 'CLEARED';
  if (n.gateWaivedAt) return 'WAIVED';
  return now.getTime() >= n.gateDeadline.getTime() ? 'LAPSED' : 'CLOSED';
}

export function gateOpen(n: GateFacts, now: Date): boolean {
  return gateState(n, now) !== 'CLOSED';
}
