import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { BUNDLED_PROFILES, HRD_GENERIC_PROFILE } from '@/lib/profiles/bundled';
import { parseProfile } from '@/lib/profiles/schema';
import { PROFILE_SCHEMA_FILE, profileJsonSchema, profileSchemaText } from '../../scripts/profile-schema';

const validate = new Ajv({ allErrors: true, strict: false }).compile(profileJsonSchema());
const asJson = (value: unknown) => JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
const demo = () => asJson(BUNDLED_PROFILES[0]);

describe('profiles/profile.schema.json', () => {
  it('is what the valibot schema generates (run `npm run profile:schema` after changing it)', () => {
    expect(readFileSync(PROFILE_SCHEMA_FILE, 'utf8')).toBe(profileSchemaText());
  });

  it('accepts every bundled profile, as an institute would write it in JSON', () => {
    for (const profile of [
      ...BUNDLED_PROFILES,
      { ...HRD_GENERIC_PROFILE, origins: ['https://lms.example.kr/*'] },
    ]) {
      expect(validate(asJson(profile)), `${profile.id}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });

  it('accepts a profile that names the schema for its editor, and so does the extension', () => {
    const named = { $schema: './profile.schema.json', ...demo() };
    expect(validate(named)).toBe(true);
    expect(parseProfile(named).ok).toBe(true);
  });

  it.each([
    ['an unknown mode', (p: Record<string, unknown>) => ({ ...p, mode: 'sms' })],
    ['no origins', (p: Record<string, unknown>) => ({ ...p, origins: [] })],
    [
      'an origin that is no match pattern',
      (p: Record<string, unknown>) => ({ ...p, origins: ['lms.example.kr'] }),
    ],
    ['a misspelt field', (p: Record<string, unknown>) => ({ ...p, instituteNmae: 'x' })],
    ['a missing id', ({ id: _id, ...p }: Record<string, unknown>) => p],
    [
      'a fractional session interval',
      (p: Record<string, unknown>) => ({
        ...p,
        policy: { ...(p.policy as object), sessionInterval: 8.5 },
      }),
    ],
  ])('refuses %s, as the extension does', (_label, change) => {
    const broken = change(demo());
    expect(validate(broken)).toBe(false);
    expect(parseProfile(broken).ok).toBe(false);
  });
});
