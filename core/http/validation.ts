import type { FastifyError, FastifySchemaValidationError } from 'fastify';

type SchemaErrorDataVar = NonNullable<FastifyError['validationContext']>;

/** One schema error as a sentence naming the field, e.g. `body/shipments/3 has unknown property 'colour'`. */
function describe(error: FastifySchemaValidationError, dataVar: SchemaErrorDataVar): string {
  const path = `${dataVar}${error.instancePath}`;
  const { params } = error;
  if (error.keyword === 'additionalProperties') return `${path} has unknown property '${String(params.additionalProperty)}'`;
  if (error.keyword === 'required') return `${path}/${String(params.missingProperty)} is required`;
  if (error.keyword === 'minLength' && params.limit === 1) return `${path} must be a non-empty string`;
  return `${path} ${error.message ?? `fails ${error.keyword}`}`;
}

export function validationMessage(errors: readonly FastifySchemaValidationError[], dataVar: SchemaErrorDataVar): string {
  return errors.map((error) => describe(error, dataVar)).join('; ');
}

/** The app's schemaErrorFormatter: every 400 for bad input names the field. */
export function formatValidationErrors(errors: FastifySchemaValidationError[], dataVar: SchemaErrorDataVar): Error {
  return new Error(validationMessage(errors, dataVar));
}
