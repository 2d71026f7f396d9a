import {
  ConfigAckDto,
  ConfigDocumentDto,
  ConnectionRegistrationDto,
  FailoverRequestDto,
  FailoverSettingsDto,
  HealthReportDto,
  SidecarHeartbeatDto,
  SidecarRegistrationDto,
  CommandResultDto,
} from '@switchyard/contracts';
import { CreateTokenDto } from '../auth/dto/create-token.dto';
import {
  CreateConnectionDto,
  FailbackDto,
  MaintenanceDto,
  SwitchoverDto,
  UpdateConnectionDto,
} from '../connections/dto/connection-body.dto';
import { ClassValidatorSchemas } from './class-validator-schema';

describe('ClassValidatorSchemas', () => {
  it('knows every rule of every request body the API validates (nothing silently undocumented)', () => {
    const s = new ClassValidatorSchemas();
    for (const cls of [
      HealthReportDto,
      SidecarRegistrationDto,
      SidecarHeartbeatDto,
      ConnectionRegistrationDto,
      FailoverRequestDto,
      CommandResultDto,
      ConfigAckDto,
      ConfigDocumentDto,
      CreateTokenDto,
      CreateConnectionDto,
      UpdateConnectionDto,
      SwitchoverDto,
      FailbackDto,
      MaintenanceDto,
    ]) {
      s.ref(cls);
    }
    expect(s.unknownRules()).toEqual([]);
  });

  it('translates bounds, patterns, enums, optional-vs-nullable and nesting', () => {
    const s = new ClassValidatorSchemas();
    expect(s.ref(FailoverSettingsDto)).toEqual({ $ref: '#/components/schemas/FailoverSettingsDto' });
    const all = s.all();
    expect(all['FailoverSettingsDto']).toMatchObject({
      type: 'object',
      additionalProperties: false,
      properties: {
        consecutiveBadReports: { type: 'integer', minimum: 1, maximum: 1000 },
        holdDownMaxMs: { type: 'integer', description: 'must be greater than or equal to `holdDownMs`' },
        autoFailback: { type: 'boolean' },
        mode: { type: 'string', enum: ['ACTIVE', 'SHADOW'] },
      },
    });
    expect((all['FailoverSettingsDto']!['required'] as string[]).sort()).toEqual(
      Object.keys(all['FailoverSettingsDto']!['properties'] as object).sort(),
    );
    s.ref(UpdateConnectionDto);
    s.ref(FailoverRequestDto);
    const after = s.all();
    expect(after['UpdateConnectionDto']).toMatchObject({
      properties: { description: { type: 'string', nullable: true } },
    });
    expect(after['UpdateConnectionDto']!['required']).toBeUndefined();
    expect(after['FailoverRequestDto']).toMatchObject({
      required: ['sidecarId', 'reason', 'requestedAt'],
      properties: {
        reason: { type: 'string', minLength: 1, maxLength: 1024 },
        hardSignal: { $ref: '#/components/schemas/HardSignalDto' },
        requestedAt: { type: 'string', format: 'date-time' },
        sidecarId: { type: 'string', pattern: expect.stringContaining('\\/') },
      },
    });
    expect(s.partial(FailoverSettingsDto, 'Overrides')).toEqual({ $ref: '#/components/schemas/Overrides' });
    expect(s.all()['Overrides']!['required']).toBeUndefined();
  });
});
