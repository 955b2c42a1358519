/** Patient: `surname`, `born_date` (YYYY-MM-DD, not in the future), `sex` (M|F), `mpn` (unique). */
import { z } from 'zod';
import { oneOf, pastDate, text } from './fields.ts';

/** Create/update input for a patient; unknown keys rejected. `mpn` uniqueness is checked by the store. */
export const patientInput = z.strictObject({
  surname: text('Surname'),
  born_date: pastDate('Date of birth'),
  sex: oneOf(['M', 'F'], 'Sex: M or F'),
  mpn: text('Medical policy number (unique)'),
});

/** A stored patient as the JSON API returns it. */
export const patientRecord = z.object({
  ID: z.number().int(),
  surname: z.string(),
  born_date: z.string(),
  sex: z.enum(['M', 'F']),
  mpn: z.string(),
});

/** Validated patient fields. */
export type PatientInput = z.output<typeof patientInput>;
/** A stored patient: `ID` plus its fields. */
export type Patient = z.output<typeof patientRecord>;
