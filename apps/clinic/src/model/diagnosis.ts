/** Diagnosis: `patient_ID` (→ an existing patient), `type`, `information`. */
import { z } from 'zod';
import { reference, text } from './fields.ts';

/** Create/update input for a diagnosis; unknown keys rejected. */
export const diagnosisInput = z.strictObject({
  patient_ID: reference('patient'),
  type: text('Diagnosis type, e.g. "influenza"'),
  information: text('Free-text notes'),
});

/** A stored diagnosis as the JSON API returns it. */
export const diagnosisRecord = z.object({
  ID: z.number().int(),
  patient_ID: z.number().int(),
  type: z.string(),
  information: z.string(),
});

/** Validated diagnosis fields. */
export type DiagnosisInput = z.output<typeof diagnosisInput>;
/** A stored diagnosis: `ID` plus its fields. */
export type Diagnosis = z.output<typeof diagnosisRecord>;
