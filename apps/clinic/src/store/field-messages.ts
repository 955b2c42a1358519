/** Field messages for problems only the store can see; shared by both stores so answers match. */

/** `hospital_ID: "no hospital with ID 999"`. */
export function missingReferenceMessage(entity: string, id: unknown): string {
  return `no ${entity} with ID ${String(id)}`;
}

/** `mpn: "is already used by patient 3"` (owner unknown: "is already used"). */
export function duplicateMessage(entity: string, ownerId?: unknown): string {
  return ownerId === undefined || ownerId === null
    ? 'is already used'
    : `is already used by ${entity} ${String(ownerId)}`;
}

/** `patient_ID: "is already linked to doctor 4"`. */
export function alreadyLinkedMessage(doctorId: unknown): string {
  return `is already linked to doctor ${String(doctorId)}`;
}

/** 409 message: `"hospital 3 is still referenced by doctors (2)."`; `blockers` like `"doctors (2)"`. */
export function referencedMessage(entity: string, id: number, blockers: readonly string[]): string {
  return `${entity} ${id} is still referenced by ${blockers.join(' and ')}.`;
}
