import { IncidentEntity, IncidentVictimEntity, OFFENDER_ROW, OffenderEntity } from '../entities';
import { column, columnName, columns } from './columns';

describe('select lists from the entities', () => {
  it('reads each column under its entity property, a date as its YYYY-MM-DD text', () => {
    expect(column(IncidentEntity, 'i', 'agencyOri')).toBe('i.agency_ori AS "agencyOri"');
    expect(column(IncidentVictimEntity, 'v', 'dateOfBirth')).toBe(`to_char(v.date_of_birth, 'YYYY-MM-DD') AS "dateOfBirth"`);
    expect(columnName(IncidentEntity, 'weaponInvolved')).toBe('weapon_involved');
  });

  it('lists the named properties, or every column but the excluded ones', () => {
    expect(columns(OffenderEntity, 'o', OFFENDER_ROW).match(/ AS "\w+"/g)).toEqual(OFFENDER_ROW.map((p) => ` AS "${p}"`));
    const all = columns(IncidentEntity, 'i', { except: ['record', 'contentHash'] });
    expect(all).toContain('i.violated_order_id AS "violatedOrderId"');
    expect(all).not.toContain('record');
    expect(all).not.toContain('content_hash');
  });

  it('refuses a property the entity does not have', () => {
    expect(() => columnName(IncidentEntity, 'nope' as keyof IncidentEntity & string)).toThrow('IncidentEntity has no column nope');
  });
});
