import { IsInt, IsString } from 'class-validator';
import { expectErrorAt, expectErrorPaths, expectValid } from '../../test/outcome';
import { examples } from '../index';
import { HealthLayersDto, HealthReportDto, NetworkLayerDto, validateHealthReport } from '../health/health-report.dto';
import { validateSidecarRegistration } from '../registration/sidecar-registration.dto';
import { NestedArray, NestedObject, Optional } from './decorators';
import { validateDto } from './validation';

describe('validateDto', () => {
  it.each([
    ['null', null, 'null'],
    ['an array', [examples.healthReport()], 'an array'],
    ['a string', '{"connectionId":"x"}', 'a string'],
    ['a number', 42, 'a number'],
    ['undefined', undefined, 'a undefined'],
  ])('rejects %s at path "" with a clear message', (_name, input, what) => {
    const outcome = validateHealthReport(input);
    expectErrorPaths(outcome, ['']);
    expectErrorAt(outcome, '', new RegExp(`expected a JSON object, got ${what}`));
  });

  it('returns DTO instances, nested ones too, without modifying the input', () => {
    const input = examples.healthReport();
    const before = JSON.stringify(input);
    const value = expectValid(validateHealthReport(input));
    expect(value).toBeInstanceOf(HealthReportDto);
    expect(value.layers).toBeInstanceOf(HealthLayersDto);
    expect(value.layers.network).toBeInstanceOf(NetworkLayerDto);
    expect(JSON.parse(JSON.stringify(value))).toEqual(input);
    expect(JSON.stringify(input)).toBe(before);
    expect(value.layers).not.toBe(input.layers);
  });

  it('rejects unknown fields at the top level and nested, naming them', () => {
    const input = { ...examples.healthReport(), colour: 'red' } as Record<string, unknown>;
    (input['layers'] as Record<string, Record<string, unknown>>)['network']!['mtu'] = 1500;
    const outcome = validateHealthReport(input);
    expectErrorPaths(outcome, ['colour', 'layers.network.mtu']);
    expectErrorAt(outcome, 'colour', /unknown field "colour"/);
  });

  it('rejects unknown fields inside array items, with bracketed indexes', () => {
    const input = examples.sidecarRegistration();
    (input.connections[0]!.endpoints[1] as unknown as Record<string, unknown>)['weight'] = 3;
    expectErrorPaths(validateSidecarRegistration(input), ['connections[0].endpoints[1].weight']);
  });

  it('rejects an own "__proto__" key as an unknown field instead of following it', () => {
    const input = JSON.parse(
      JSON.stringify(examples.healthReport()).replace(/^\{/, '{"__proto__":{"polluted":true},'),
    ) as unknown;
    const outcome = validateHealthReport(input);
    expectErrorAt(outcome, '__proto__', /unknown field/);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('reports one error per field: "is required" when absent, failed rules joined otherwise', () => {
    const { sequence: _s, ...noSequence } = examples.healthReport();
    const missing = validateHealthReport(noSequence);
    if (missing.ok) throw new Error('expected failure');
    expect(missing.errors).toEqual([{ path: 'sequence', message: 'sequence is required' }]);
    const wrong = validateHealthReport({ ...examples.healthReport(), score: 'high' });
    if (wrong.ok) throw new Error('expected failure');
    expect(wrong.errors).toHaveLength(1);
    expect(wrong.errors[0]?.message).toContain('score must be an integer number');
  });

  it('treats null as a value, not as "absent", for optional fields', () => {
    expectErrorAt(validateHealthReport({ ...examples.healthReport(), hardSignal: null }), 'hardSignal');
  });

  it('reports a missing required nested object once, at its own path', () => {
    const { layers: _layers, ...rest } = examples.healthReport();
    expectErrorPaths(validateHealthReport(rest), ['layers']);
  });

  it('reports an array where an object belongs (and vice versa) without noise from the children', () => {
    const report = { ...examples.healthReport(), layers: [examples.healthReport().layers] };
    expectErrorPaths(validateHealthReport(report), ['layers']);
    const reg = { ...examples.sidecarRegistration(), connections: { 0: {} } };
    expectErrorPaths(validateSidecarRegistration(reg), ['connections']);
  });

  it('rejects a primitive where a nested object belongs', () => {
    expectErrorAt(
      validateHealthReport({ ...examples.healthReport(), layers: 'all good' }),
      'layers',
      /must be an object/,
    );
  });

  it('never throws, even on hostile input', () => {
    const cyclic: Record<string, unknown> = { ...examples.healthReport() };
    cyclic['layers'] = cyclic;
    const inputs: unknown[] = [
      cyclic,
      Object.create(null),
      new Date(0),
      { layers: { network: { status: Symbol('x') } } },
    ];
    for (const input of inputs) expect(() => validateHealthReport(input)).not.toThrow();
  });

  it('works for any DTO class declared with the package decorators', () => {
    class Item {
      @IsInt()
      n!: number;
    }
    class Box {
      @IsString()
      name!: string;
      @Optional()
      @NestedObject(() => Item)
      main?: Item;
      @NestedArray(() => Item)
      items!: Item[];
    }
    expectValid(validateDto(Box, { name: 'b', items: [{ n: 1 }] }));
    expectErrorPaths(validateDto(Box, { name: 'b', main: { n: 'x' }, items: [{ n: 1 }, { n: 1.5 }] }), [
      'main.n',
      'items[1].n',
    ]);
  });
});
