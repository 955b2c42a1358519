/**
 * The HTML pages: `/` (index with counts) and, per section (`/hospital`,
 * `/doctor`, `/patient`, `/diagnosis`, `/doctor-patient`), GET = list + form and
 * POST = create from a urlencoded form → 200 with the updated page, or 400 with
 * the page showing each field's error next to the field and the values kept.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { isClinicError } from '../errors.ts';
import { ENTITIES } from '../model/entities.ts';
import { DEFAULT_LIMIT, pageQuery, type Page, type PageRequest } from '../model/page.ts';
import type { ClinicStore } from '../store/store.ts';
import { pickFields, readEntityInput, readLinkInput } from './input.ts';
import { NAV, SECTION_NAMES, SECTIONS, sectionPageData, type SectionName } from './page-views.ts';

const FIRST_PAGE: PageRequest = { offset: 0, limit: DEFAULT_LIMIT };

function listSection(store: ClinicStore, section: SectionName, page: PageRequest): Promise<Page<object>> {
  return section === 'doctor-patient' ? store.listLinks(page) : store.list(section, page);
}

/** Create from form `values`; resolve to the notice shown above the updated list. */
async function createFromForm(
  store: ClinicStore,
  section: SectionName,
  values: Record<string, unknown>,
): Promise<string> {
  if (section === 'doctor-patient') {
    const link = await store.createLink(await readLinkInput(store, values));
    return `Linked doctor ${link.doctor_ID} and patient ${link.patient_ID}.`;
  }
  const record = await store.create(section, await readEntityInput(store, section, values));
  return `Added ${ENTITIES[section].label} ${record.ID}.`;
}

function registerSection(api: FastifyInstance, store: ClinicStore, section: SectionName): void {
  const app = api.withTypeProvider<ZodTypeProvider>();
  const view = SECTIONS[section];
  const fieldNames = view.inputs.map((input) => input.name);

  app.get(view.path, { schema: { hide: true, querystring: pageQuery } }, async (request, reply) => {
    const page = await listSection(store, section, request.query);
    return reply.view('entity.eta', sectionPageData(section, page));
  });

  app.post(view.path, { schema: { hide: true } }, async (request, reply) => {
    const values = pickFields(request.body, fieldNames);
    try {
      const notice = await createFromForm(store, section, values);
      const page = await listSection(store, section, FIRST_PAGE);
      return reply.view('entity.eta', sectionPageData(section, page, { notice }));
    } catch (error) {
      if (!isClinicError(error, 'CLINIC_ERR_VALIDATION')) throw error;
      const page = await listSection(store, section, FIRST_PAGE);
      return reply
        .code(400)
        .view('entity.eta', sectionPageData(section, page, { values, errors: error.fields ?? {} }));
    }
  });
}

/** Register `/` and every section page on `app`. */
export function registerPageRoutes(app: FastifyInstance, store: ClinicStore): void {
  app.get('/', { schema: { hide: true } }, async (_request, reply) => {
    const counts = await store.counts();
    return reply.view('index.eta', {
      title: 'Clinic',
      current: 'home',
      nav: NAV,
      store: store.kind,
      sections: SECTION_NAMES.map((name) => ({
        name,
        href: SECTIONS[name].path,
        label: SECTIONS[name].title,
        count: counts[name],
      })),
    });
  });
  for (const section of SECTION_NAMES) registerSection(app, store, section);
}
