import { Readable } from 'node:stream';
import { csvRecords, CsvSyntaxError } from './csv';

async function parse(chunks: string[]) {
  const out: { line: number; fields: string[] }[] = [];
  for await (const r of csvRecords(Readable.from(chunks))) out.push(r);
  return out;
}

describe('csvRecords', () => {
  it('reads quoted fields with commas, "" escapes and line breaks, and names the line each record starts on', async () => {
    const rows = await parse(['\uFEFFa,b,c\r\n1,"x, ""y""",3\n', '4,"multi\nline",6\n\n7,', '8,9\n']);
    expect(rows).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['1', 'x, "y"', '3'] },
      { line: 3, fields: ['4', 'multi\nline', '6'] },
      { line: 6, fields: ['7', '8', '9'] },
    ]);
  });

  it('handles a quote split across chunks and a last record without a newline', async () => {
    expect(await parse(['a,"b"', '"c"', '"",d'])).toEqual([{ line: 1, fields: ['a', 'b"c"', 'd'] }]);
  });

  it('reports an unclosed quote and a stray quote with their line', async () => {
    await expect(parse(['a,b\n"open,c\n'])).rejects.toThrow(new CsvSyntaxError(2, 'a quoted field is not closed'));
    await expect(parse(['a,b\nx"y,c\n'])).rejects.toThrow(/line 2: a quote inside an unquoted field/);
  });
});
