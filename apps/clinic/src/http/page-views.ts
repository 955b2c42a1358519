/**
 * What the HTML pages show for each section: title, form inputs (label, input
 * type) and list columns. Pure data + small builders; the templates in
 * `../views` stay logic-free.
 */
import type { FieldErrors } from '../errors.ts';
import { ENTITY_NAMES, type EntityName } from '../model/entities.ts';
import { todayIso } from '../model/fields.ts';
import type { Page } from '../model/page.ts';

/** A section of the site: one entity or the doctor–patient links. */
export type SectionName = EntityName | 'doctor-patient';

/** One form input. */
export interface InputView {
  readonly name: string;
  readonly label: string;
  readonly type: 'text' | 'number' | 'date' | 'tel' | 'select' | 'textarea';
  readonly options?: readonly { value: string; label: string }[];
  readonly min?: number;
  /** `max` attribute (dates: today, computed per render). */
  readonly max?: () => string;
}

/** A section's presentation. */
export interface SectionView {
  readonly name: SectionName;
  readonly path: string;
  readonly title: string;
  readonly formTitle: string;
  readonly inputs: readonly InputView[];
  /** List columns: `[key, label]`, key being a record field (or `ID`). */
  readonly columns: readonly (readonly [string, string])[];
}

const text = (name: string, label: string): InputView => ({ name, label, type: 'text' });
const id = (name: string, label: string): InputView => ({ name, label, type: 'number', min: 1 });

/** Presentation per section, in menu order. */
export const SECTIONS: { readonly [S in SectionName]: SectionView } = {
  hospital: {
    name: 'hospital',
    path: '/hospital',
    title: 'Hospitals',
    formTitle: 'Add a hospital',
    inputs: [
      text('name', 'Name'),
      text('address', 'Address'),
      { name: 'beds_number', label: 'Beds', type: 'number', min: 0 },
      { name: 'phone', label: 'Phone', type: 'tel' },
    ],
    columns: [
      ['ID', 'ID'],
      ['name', 'Name'],
      ['address', 'Address'],
      ['beds_number', 'Beds'],
      ['phone', 'Phone'],
    ],
  },
  doctor: {
    name: 'doctor',
    path: '/doctor',
    title: 'Doctors',
    formTitle: 'Add a doctor',
    inputs: [text('surname', 'Surname'), text('profession', 'Profession'), id('hospital_ID', 'Hospital ID')],
    columns: [
      ['ID', 'ID'],
      ['surname', 'Surname'],
      ['profession', 'Profession'],
      ['hospital_ID', 'Hospital ID'],
    ],
  },
  patient: {
    name: 'patient',
    path: '/patient',
    title: 'Patients',
    formTitle: 'Add a patient',
    inputs: [
      text('surname', 'Surname'),
      { name: 'born_date', label: 'Born', type: 'date', max: () => todayIso() },
      {
        name: 'sex',
        label: 'Sex',
        type: 'select',
        options: [
          { value: 'M', label: 'M' },
          { value: 'F', label: 'F' },
        ],
      },
      text('mpn', 'Medical policy number'),
    ],
    columns: [
      ['ID', 'ID'],
      ['surname', 'Surname'],
      ['born_date', 'Born'],
      ['sex', 'Sex'],
      ['mpn', 'Medical policy number'],
    ],
  },
  diagnosis: {
    name: 'diagnosis',
    path: '/diagnosis',
    title: 'Diagnoses',
    formTitle: 'Add a diagnosis',
    inputs: [
      id('patient_ID', 'Patient ID'),
      text('type', 'Type'),
      { name: 'information', label: 'Information', type: 'textarea' },
    ],
    columns: [
      ['ID', 'ID'],
      ['patient_ID', 'Patient ID'],
      ['type', 'Type'],
      ['information', 'Information'],
    ],
  },
  'doctor-patient': {
    name: 'doctor-patient',
    path: '/doctor-patient',
    title: 'Doctor–patient links',
    formTitle: 'Link a doctor and a patient',
    inputs: [id('doctor_ID', 'Doctor ID'), id('patient_ID', 'Patient ID')],
    columns: [
      ['doctor_ID', 'Doctor ID'],
      ['patient_ID', 'Patient ID'],
    ],
  },
};

/** Sections in menu order. */
export const SECTION_NAMES: readonly SectionName[] = [...ENTITY_NAMES, 'doctor-patient'];

/** Navigation links for the layout. */
export const NAV = SECTION_NAMES.map((name) => ({
  name,
  href: SECTIONS[name].path,
  label: SECTIONS[name].title,
}));

/** Data for `entity.eta`. */
export interface SectionPageData {
  title: string;
  formTitle: string;
  current: SectionName;
  nav: typeof NAV;
  action: string;
  notice: string | undefined;
  problem: string | undefined;
  columns: { key: string; label: string }[];
  rows: string[][];
  page: { total: number; from: number; to: number; prev: string | undefined; next: string | undefined };
  fields: {
    name: string;
    label: string;
    type: string;
    value: string;
    error: string | undefined;
    options: readonly { value: string; label: string }[];
    min: number | undefined;
    max: string | undefined;
  }[];
}

/**
 * Build the template data for a section page: the list (`page`), the form with
 * `values` (submitted strings, kept on error) and `errors` (per field).
 */
export function sectionPageData(
  section: SectionName,
  page: Page<object>,
  options: { values?: Record<string, unknown>; errors?: FieldErrors; notice?: string; problem?: string } = {},
): SectionPageData {
  const view = SECTIONS[section];
  const href = (offset: number) => `${view.path}?offset=${offset}&limit=${page.limit}`;
  const values = options.values ?? {};
  const errors = options.errors ?? {};
  const shownErrors = new Set(view.inputs.map((input) => input.name));
  const otherErrors = Object.entries(errors).filter(([name]) => !shownErrors.has(name));
  const problem =
    options.problem ??
    (otherErrors.length > 0
      ? otherErrors.map(([name, message]) => `${name} ${message}`).join('; ')
      : undefined);
  return {
    title: view.title,
    formTitle: view.formTitle,
    current: section,
    nav: NAV,
    action: view.path,
    notice: options.notice,
    problem,
    columns: view.columns.map(([key, label]) => ({ key, label })),
    rows: page.items.map((item) =>
      view.columns.map(([key]) => String((item as Record<string, unknown>)[key] ?? '')),
    ),
    page: {
      total: page.total,
      from: page.items.length === 0 ? 0 : page.offset + 1,
      to: page.offset + page.items.length,
      prev: page.offset > 0 ? href(Math.max(0, page.offset - page.limit)) : undefined,
      next: page.offset + page.items.length < page.total ? href(page.offset + page.limit) : undefined,
    },
    fields: view.inputs.map((input) => {
      const raw = values[input.name];
      return {
        name: input.name,
        label: input.label,
        type: input.type,
        value: typeof raw === 'string' || typeof raw === 'number' ? String(raw) : '',
        error: errors[input.name],
        options: input.options ?? [],
        min: input.min,
        max: input.max?.(),
      };
    }),
  };
}
