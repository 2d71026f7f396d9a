import * as examples from '../examples/examples';
import { describeCommand, safeCommandResultView, safeCommandView } from './command-safe-view';

describe('safe views of commands', () => {
  const pan = examples.TEST_PAN;

  it('describeCommand of SEND_MESSAGE masks the PAN (first 6 / last 4) and the track/PIN fields', () => {
    const line = describeCommand(examples.command('SEND_MESSAGE'));
    expect(line).not.toContain(pan);
    expect(line).toContain('2=411111******1111');
    expect(line).not.toContain('0123456789ABCDEF');
    expect(line).toContain('SEND_MESSAGE');
    expect(line).toContain(examples.CONNECTION_ID);
  });

  it('safeCommandView masks params.fields and leaves the command untouched', () => {
    const command = examples.command('SEND_MESSAGE');
    const view = safeCommandView(command);
    expect(JSON.stringify(view)).not.toContain(pan);
    if (view.type !== 'SEND_MESSAGE') throw new Error('type');
    expect(view.params.fields['2']).toBe('411111******1111');
    expect(view.params.fields['35']).toMatch(/^\*+$/);
    expect(view.params.fields['4']).toBe('000000001000');
    expect(command.params.fields['2']).toBe(pan);
  });

  it('safeCommandResultView masks output fields', () => {
    const result = examples.commandResult({
      type: 'SEND_MESSAGE',
      output: { mti: '0210', fields: { '2': pan, '39': '00' } },
    });
    const view = safeCommandResultView(result);
    expect(JSON.stringify(view)).not.toContain(pan);
    expect(JSON.stringify(result)).toContain(pan);
  });

  it.each(['ESTABLISH_CONNECTION', 'CLOSE_CONNECTION', 'UPDATE_CONFIG', 'TRIGGER_FAILOVER', 'HEALTH_CHECK'] as const)(
    'describes %s in one line',
    (type) => {
      const line = describeCommand(examples.command(type));
      expect(line).toContain(type);
      expect(line).not.toContain('\n');
      expect(safeCommandView(examples.command(type))).toEqual(examples.command(type));
    },
  );
});
