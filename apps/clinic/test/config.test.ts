// Environment → configuration: defaults, store precedence, every error at once.
import { describe, expect, it } from 'vitest';
import { ClinicError, loadConfig } from '../src/index.ts';

describe('loadConfig', () => {
  it('defaults to 127.0.0.1:8888, no logging, in-memory PGlite', () => {
    expect(loadConfig({})).toEqual({
      port: 8888,
      host: '127.0.0.1',
      logLevel: undefined,
      store: { kind: 'pglite', dir: undefined },
    });
  });

  it('picks REDIS_URL, then DATABASE_URL, then PGLITE_DIR; empty variables count as unset', () => {
    const url = 'redis://127.0.0.1:6379/0';
    const pg = 'postgres://u@db:5432/clinic';
    expect(loadConfig({ REDIS_URL: url, DATABASE_URL: pg }).store).toEqual({ kind: 'redis', url });
    expect(loadConfig({ REDIS_URL: '', DATABASE_URL: pg }).store).toEqual({ kind: 'postgres', url: pg });
    expect(loadConfig({ PGLITE_DIR: '/var/lib/clinic' }).store).toEqual({
      kind: 'pglite',
      dir: '/var/lib/clinic',
    });
    expect(loadConfig({ PORT: '0', HOST: '0.0.0.0', LOG_LEVEL: 'debug' })).toMatchObject({
      port: 0,
      host: '0.0.0.0',
      logLevel: 'debug',
    });
  });

  it('reports every bad variable at once as CLINIC_ERR_CONFIG', () => {
    let caught: unknown;
    try {
      loadConfig({ PORT: '70000', REDIS_URL: 'http://x', DATABASE_URL: 'nonsense' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ClinicError);
    const error = caught as ClinicError;
    expect(error.code).toBe('CLINIC_ERR_CONFIG');
    expect(error.exitCode).toBe(2);
    expect(error.fields).toEqual({
      PORT: 'must be a port number 0..65535',
      REDIS_URL: 'must be a URL starting with redis:// or rediss://',
      DATABASE_URL: 'must be a URL starting with postgres:// or postgresql://',
    });
  });
});
