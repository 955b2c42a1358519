/** Doctor: `surname`, `profession`, `hospital_ID` (→ an existing hospital). */
import { z } from 'zod';
import { reference, text } from './fields.ts';

/** Create/update input for a doctor; unknown keys rejected. */
export const doctorInput = z.strictObject({
  surname: text('Surname'),
  profession: text('Profession, e.g. "surgeon"'),
  hospital_ID: reference('hospital'),
});

/** A stored doctor as the JSON API returns it. */
export const doctorRecord = z.object({
  ID: z.number().int(),
  surname: z.string(),
  profession: z.string(),
  hospital_ID: z.number().int(),
});

/** Validated doctor fields. */
export type DoctorInput = z.output<typeof doctorInput>;
/** A stored doctor: `ID` plus its fields. */
export type Doctor = z.output<typeof doctorRecord>;
