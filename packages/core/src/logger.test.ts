import { createLogger, errorFields, redactText } from './logger';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const log = createLogger('debug', { service: 'incidents' }, (l) => lines.push(JSON.parse(l)));
  return { log, lines };
}

describe('the logger redacts values', () => {
  it('blanks what a database error quotes, keeping its class and SQLSTATE', () => {
    const e = Object.assign(new Error('invalid input syntax for type uuid: "jane q. victim"'), { name: 'QueryFailedError', driverError: { code: '22P02' } });
    const { log, lines } = capture();
    log.error('unexpected error', errorFields(e));
    expect(lines[0]).toMatchObject({ err: 'QueryFailedError', sqlState: '22P02', errMsg: 'invalid input syntax for type uuid: "[redacted]"' });
    expect(JSON.stringify(lines)).not.toContain('jane');
  });

  it("blanks a unique violation's key detail and single-quoted literals", () => {
    expect(redactText('Key (lower(name), dob)=(jane doe, 1990-01-01) already exists.')).toBe('Key (lower(name), dob)=([redacted]) already exists.');
    expect(redactText("syntax error at or near 'jane'")).toBe("syntax error at or near '[redacted]'");
  });

  it('never writes the values of request and database fields, even nested or as an Error', () => {
    const { log, lines } = capture();
    log.warn('query failed', {
      parameters: ['jane', '555-0142'],
      nested: { variables: { name: 'jane' }, note: 'value "jane"' },
      cause: new Error('duplicate "jane"'),
    });
    expect(lines[0]).toMatchObject({
      msg: 'query failed',
      parameters: '[redacted]',
      nested: { variables: '[redacted]', note: 'value "[redacted]"' },
      cause: { err: 'Error', errMsg: 'duplicate "[redacted]"' },
    });
    expect(JSON.stringify(lines)).not.toContain('jane');
  });

  it('keeps ids, codes and numbers as they are', () => {
    const { log, lines } = capture();
    log.info('feed applied', { consumer: 'tiering:incidents', applied: 3, requestId: 'a1b2c3d4-0000' });
    expect(lines[0]).toMatchObject({ service: 'incidents', consumer: 'tiering:incidents', applied: 3, requestId: 'a1b2c3d4-0000' });
  });
});
