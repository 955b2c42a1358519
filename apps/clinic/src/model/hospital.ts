/** Hospital: `name`, `address`, `beds_number` (whole number ≥ 0), `phone`. */
import { z } from 'zod';
import { text, wholeNumber } from './fields.ts';

/** Create/update input for a hospital (form or JSON body); unknown keys rejected. */
export const hospitalInput = z.strictObject({
  name: text('Hospital name'),
  address: text('Postal address'),
  beds_number: wholeNumber(0, 'Number of beds'),
  phone: text('Phone number'),
});

/** A stored hospital as the JSON API returns it. */
export const hospitalRecord = z.object({
  ID: z.number().int(),
  name: z.string(),
  address: z.string(),
  beds_number: z.number().int(),
  phone: z.string(),
});

/** Validated hospital fields (text trimmed, `beds_number` a number). */
export type HospitalInput = z.output<typeof hospitalInput>;
/** A stored hospital: `ID` plus its fields. */
export type Hospital = z.output<typeof hospitalRecord>;
