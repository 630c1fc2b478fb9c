/**
 * `npm run profile:schema`: writes profiles/profile.schema.json, the JSON Schema of an institute
 * profile, generated from the one valibot schema the extension validates profiles with
 * (lib/profiles/schema.ts), so that an institute's editor checks a profile as it is typed. A
 * unit test fails when the committed file and the schema drift apart.
 *
 * What JSON Schema cannot say is left to the extension: that a selector parses and a pattern
 * cannot backtrack (lib/profiles/safe-selector.ts, pattern-safety/), that rule ids are unique.
 * An editor accepts such a profile; importing it names the field that is wrong.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { toJsonSchema } from '@valibot/to-json-schema';
import { ProfileSchema } from '../lib/profiles/schema';

export const PROFILE_SCHEMA_FILE = fileURLToPath(new URL('../profiles/profile.schema.json', import.meta.url));

export function profileJsonSchema(): Record<string, unknown> {
  // `ignore`: the checks that only code can make (above) become no constraint, not an error.
  const generated = toJsonSchema(ProfileSchema, { errorMode: 'ignore' }) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  return {
    $schema,
    $id: 'https://checkpoint-companion.invalid/profile.schema.json',
    title: 'Checkpoint Companion institute profile',
    description:
      '훈련기관 설정(프로필): the LMS origins, its checkpoint pages and how its OTP form and answers read. See the README\'s "Institute profiles".',
    ...rest,
  };
}

export function profileSchemaText(): string {
  return `${JSON.stringify(profileJsonSchema(), null, 2)}\n`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  writeFileSync(PROFILE_SCHEMA_FILE, profileSchemaText());
  console.log(`Wrote ${path.relative(process.cwd(), PROFILE_SCHEMA_FILE)}`);
}
