/**
 * The JSON API under `/api/v1`: for each entity list / get / create / update /
 * delete, plus the doctor–patient link routes. Route schemas are zod (via
 * fastify-type-provider-zod) and feed the OpenAPI document at `/api/docs`.
 *
 * Bodies are validated in the handler (`attachValidation`), so schema errors and
 * store checks (missing references, duplicate mpn) come back in one 400.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFoundError } from '../errors.ts';
import { doctorPatientInput, doctorPatientRecord } from '../model/doctor-patient.ts';
import { ENTITIES, ENTITY_NAMES, type EntityName, type EntitySpec } from '../model/entities.ts';
import { wholeNumber } from '../model/fields.ts';
import { pageOf, pageQuery } from '../model/page.ts';
import { patientRecord } from '../model/patient.ts';
import type { ClinicStore } from '../store/store.ts';
import { errorBody } from './error-body.ts';
import { readEntityInput, readLinkInput } from './input.ts';
import { toClinicError } from './error-handler.ts';

/** URL prefix of the JSON API. */
export const API_PREFIX = '/api/v1';

const idParams = z.object({ id: wholeNumber(1, 'Record ID') });
const deleted = z.null().meta({ description: 'Deleted (no body)' });

/** With `attachValidation`, rethrow a params/querystring failure; a body failure is re-checked by the handler. */
function rejectNonBodyValidation(request: FastifyRequest): void {
  const error = request.validationError;
  if (error && (error as { validationContext?: string }).validationContext !== 'body')
    throw toClinicError(error);
}

function registerEntity(api: FastifyInstance, store: ClinicStore, entity: EntityName): void {
  const app = api.withTypeProvider<ZodTypeProvider>();
  const spec: EntitySpec<EntityName> = ENTITIES[entity];
  const base = `${API_PREFIX}/${entity}`;
  const tags = [entity];

  app.get(
    base,
    {
      schema: {
        tags,
        summary: `List ${spec.plural} (newest first)`,
        querystring: pageQuery,
        response: { 200: pageOf(spec.record), 400: errorBody, 503: errorBody },
      },
    },
    async (request) => store.list(entity, request.query),
  );

  app.get(
    `${base}/:id`,
    {
      schema: {
        tags,
        summary: `Get one ${spec.label}`,
        params: idParams,
        response: { 200: spec.record, 400: errorBody, 404: errorBody, 503: errorBody },
      },
    },
    async (request) => {
      const record = await store.get(entity, request.params.id);
      if (!record) throw notFoundError(entity, request.params.id);
      return record;
    },
  );

  app.post(
    base,
    {
      attachValidation: true,
      schema: {
        tags,
        summary: `Create a ${spec.label}`,
        body: spec.input,
        response: { 201: spec.record, 400: errorBody, 503: errorBody },
      },
    },
    async (request, reply) => {
      rejectNonBodyValidation(request);
      const input = await readEntityInput(store, entity, request.body);
      const record = await store.create(entity, input);
      reply.code(201).header('location', `${base}/${record.ID}`);
      return record;
    },
  );

  app.put(
    `${base}/:id`,
    {
      attachValidation: true,
      schema: {
        tags,
        summary: `Replace a ${spec.label} (every field)`,
        params: idParams,
        body: spec.input,
        response: { 200: spec.record, 400: errorBody, 404: errorBody, 503: errorBody },
      },
    },
    async (request) => {
      rejectNonBodyValidation(request);
      const id = request.params.id;
      const input = await readEntityInput(store, entity, request.body, id);
      return store.update(entity, id, input);
    },
  );

  app.delete(
    `${base}/:id`,
    {
      schema: {
        tags,
        summary: `Delete a ${spec.label} (409 while referenced)`,
        params: idParams,
        response: { 204: deleted, 400: errorBody, 404: errorBody, 409: errorBody, 503: errorBody },
      },
    },
    async (request, reply) => {
      await store.remove(entity, request.params.id);
      return reply.code(204).send(null);
    },
  );
}

function registerLinks(api: FastifyInstance, store: ClinicStore): void {
  const app = api.withTypeProvider<ZodTypeProvider>();
  const base = `${API_PREFIX}/doctor-patient`;
  const tags = ['doctor-patient'];
  const doctorParams = z.object({ doctor_ID: wholeNumber(1, 'Doctor ID') });
  const linkParams = z.object({
    doctor_ID: wholeNumber(1, 'Doctor ID'),
    patient_ID: wholeNumber(1, 'Patient ID'),
  });

  app.get(
    base,
    {
      schema: {
        tags,
        summary: 'List doctor–patient links (newest first)',
        querystring: pageQuery,
        response: { 200: pageOf(doctorPatientRecord), 400: errorBody, 503: errorBody },
      },
    },
    async (request) => store.listLinks(request.query),
  );

  app.post(
    base,
    {
      attachValidation: true,
      schema: {
        tags,
        summary: 'Link a doctor and a patient',
        body: doctorPatientInput,
        response: { 201: doctorPatientRecord, 400: errorBody, 503: errorBody },
      },
    },
    async (request, reply) => {
      rejectNonBodyValidation(request);
      const link = await store.createLink(await readLinkInput(store, request.body));
      reply.code(201).header('location', `${base}/${link.doctor_ID}`);
      return link;
    },
  );

  app.get(
    `${base}/:doctor_ID`,
    {
      schema: {
        tags,
        summary: "A doctor's patients (404 if no such doctor)",
        params: doctorParams,
        querystring: pageQuery,
        response: { 200: pageOf(patientRecord), 400: errorBody, 404: errorBody, 503: errorBody },
      },
    },
    async (request) => store.listDoctorPatients(request.params.doctor_ID, request.query),
  );

  app.delete(
    `${base}/:doctor_ID/:patient_ID`,
    {
      schema: {
        tags,
        summary: 'Remove a link',
        params: linkParams,
        response: { 204: deleted, 400: errorBody, 404: errorBody, 503: errorBody },
      },
    },
    async (request, reply) => {
      await store.removeLink(request.params.doctor_ID, request.params.patient_ID);
      return reply.code(204).send(null);
    },
  );
}

/** Register every `/api/v1` route on `app`. */
export function registerApiRoutes(app: FastifyInstance, store: ClinicStore): void {
  for (const entity of ENTITY_NAMES) registerEntity(app, store, entity);
  registerLinks(app, store);
}
