/** Doctor–patient link: `doctor_ID` and `patient_ID`, both existing; the pair is its key. */
import { z } from 'zod';
import { reference } from './fields.ts';

/** Input for creating a link; unknown keys rejected. */
export const doctorPatientInput = z.strictObject({
  doctor_ID: reference('doctor'),
  patient_ID: reference('patient'),
});

/** A stored link as the JSON API returns it. */
export const doctorPatientRecord = z.object({
  doctor_ID: z.number().int(),
  patient_ID: z.number().int(),
});

/** A doctor–patient link (no ID of its own: the pair is the key). */
export type DoctorPatientLink = z.output<typeof doctorPatientRecord>;
