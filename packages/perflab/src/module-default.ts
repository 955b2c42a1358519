/**
 * The default export of a dynamically imported user file (scenario or model).
 * A .ts file outside a "type": "module" package is compiled to CommonJS by tsx;
 * importing it gives `{ default: module.exports }`, where `module.exports` carries
 * `__esModule` and its own `default` — that inner one is the file's default export.
 */
export function defaultExport(module: { default?: unknown }): unknown {
  const value = module.default;
  if (
    typeof value === 'object' &&
    value !== null &&
    (value as { __esModule?: unknown }).__esModule === true &&
    'default' in value
  ) {
    return (value as { default: unknown }).default;
  }
  return value;
}
