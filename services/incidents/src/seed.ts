/**
 * Deterministic demo data for the incidents database, written through the same writers as the graph
 * and the import (so a re-run finds every record unchanged and writes nothing). Idempotent.
 */
import type { DataSource } from 'typeorm';
import { demoHistory, type HubConfig, type Logger } from '@ipvi/core';
import { demoDraft, demoIdentifiers, demoOrders } from './demo/demo-details';
import { normalizeName } from './model/names';
import { writeIncidents } from './domain/incident-writer';
import { writeProtectiveOrders } from './domain/protective-order-writer';
import { insertOffenders } from './repositories/offender-rows';

const BATCH = 500;

export async function seed(ds: DataSource, { log }: { log: Logger; config: HubConfig }): Promise<void> {
  const { offenders, incidents } = demoHistory();
  const orders = demoOrders(offenders, incidents);
  const counts = { created: 0, amended: 0, unchanged: 0 };
  await ds.transaction(async (m) => {
    const ids = offenders.map((o, n) => ({ o, ...demoIdentifiers(o, n) }));
    // Each demo offender is owned by the agency of its first incident (every demo incident is the demo agency's).
    const owners = new Map<string, string>();
    for (const i of incidents) if (!owners.has(i.offenderId)) owners.set(i.offenderId, i.agencyOri);
    const ownerOf = (id: string) => owners.get(id) ?? incidents[0]!.agencyOri;
    await insertOffenders(
      m,
      ids.map((x) => ({
        id: x.o.id,
        name: x.o.name,
        dateOfBirth: x.o.dateOfBirth,
        aliases: x.aliases,
        normAliases: x.aliases.map(normalizeName),
        stateId: x.stateId,
        localId: x.localId,
        normName: normalizeName(x.o.name),
        ownerAgency: ownerOf(x.o.id),
      })),
      true,
    );
    await writeProtectiveOrders(
      m,
      orders.map((o) => ({
        id: o.id,
        agencyOri: incidents[0]!.agencyOri,
        orderNumber: o.number,
        orderType: o.type,
        court: 'Guilford County District Court',
        issuedOn: o.issuedOn,
        expiresOn: o.expiresOn,
        offender: { id: o.offenderId, name: null, dateOfBirth: null, aliases: [], stateId: null, localId: null },
        protectedPartyName: o.protectedName,
        protectedPartyDateOfBirth: o.protectedDob,
      })),
    );
    const drafts = incidents.map((inc, n) => demoDraft(inc, n, orders));
    for (let i = 0; i < drafts.length; i += BATCH) {
      for (const outcome of await writeIncidents(
        m,
        drafts.slice(i, i + BATCH).map((draft) => ({ draft })),
      )) {
        if (outcome.status === 'created' || outcome.status === 'amended' || outcome.status === 'unchanged') counts[outcome.status]++;
        else throw new Error(`demo incident not written: ${outcome.status}`);
      }
    }
  });
  log.info('seeded demo incidents', { offenders: offenders.length, incidents: incidents.length, protectiveOrders: orders.length, ...counts });
}
