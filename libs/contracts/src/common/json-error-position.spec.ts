import { locateJsonError } from './json-error-position';

describe('locateJsonError', () => {
  it.each([
    ['{"a": 1,, }', 8, 'property name'],
    ['not json', 0, 'value was expected'],
    ['{"a": "x', 8, 'unterminated string'],
    ['{"a": 1}}', 8, 'after the JSON value'],
    ['{\n  "a": tru\n}', 9, 'value was expected'],
    ['', 0, 'end of input'],
    ['[1, 2', 5, 'end of input'],
    ['{"a": 01}', 7, "expected ',' or '}'"],
  ])('finds the error in %j at %d', (text, position, reason) => {
    const found = locateJsonError(text);
    expect(found?.position).toBe(position);
    expect(found?.reason).toContain(reason);
    expect(() => JSON.parse(text)).toThrow();
  });

  it('reports line and column', () => {
    expect(locateJsonError('{\n  "a": tru\n}')).toMatchObject({ line: 2, column: 8 });
  });

  it('finds nothing in valid JSON', () => {
    expect(locateJsonError('{"a": [1, -2.5e3, "x\\u00e9", true, null, {}]}')).toBeUndefined();
  });
});
