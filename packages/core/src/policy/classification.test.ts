import { assertDenialsAreNullable, DeniableNonNullFieldsError, readFieldClasses, UnclassifiedFieldsError } from './classification';

describe('readFieldClasses', () => {
  it('takes the field class over the type default', () => {
    const classes = readFieldClasses(`
      type Incident @classified(class: POLICE_OPERATIONAL) { id: ID! @classified(class: PUBLIC_OPERATIONAL) narrative: String @classified(class: CJI) occurredAt: String }
    `);
    expect(classes.get('Incident.id')).toBe('PUBLIC_OPERATIONAL');
    expect(classes.get('Incident.narrative')).toBe('CJI');
    expect(classes.get('Incident.occurredAt')).toBe('POLICE_OPERATIONAL');
  });

  it('refuses a field without a class, naming it', () => {
    expect(() => readFieldClasses(`type Query { a: Int @classified(class: CJI) b: Int }`)).toThrow(UnclassifiedFieldsError);
    expect(() => readFieldClasses(`type Query { a: Int @classified(class: CJI) b: Int }`)).toThrow(/Query\.b/);
  });

  it('does not carry a type default into an extension of the type', () => {
    expect(() => readFieldClasses(`type T @classified(class: CJI) { a: Int } extend type T { b: Int }`)).toThrow(/T\.b/);
  });
});

describe('assertDenialsAreNullable', () => {
  it('refuses a non-null field stricter than its type, naming the field and a role it would hit', () => {
    const sdl = `type Incident @classified(class: POLICE_OPERATIONAL) { id: ID! @classified(class: PUBLIC_OPERATIONAL) narrative: String! @classified(class: CJI) }`;
    expect(() => assertDenialsAreNullable(sdl)).toThrow(DeniableNonNullFieldsError);
    expect(() => assertDenialsAreNullable(sdl)).toThrow(/Incident\.narrative \(CJI; ADVOCATE reads POLICE_OPERATIONAL but not CJI\)/);
  });

  it('accepts the same field nullable, and non-null fields no reader of the type is denied', () => {
    expect(() => assertDenialsAreNullable(`type I @classified(class: POLICE_OPERATIONAL) { narrative: String @classified(class: CJI) }`)).not.toThrow();
    expect(() => assertDenialsAreNullable(`type I @classified(class: CJI) { id: ID! @classified(class: PUBLIC_OPERATIONAL) }`)).not.toThrow();
  });
});
