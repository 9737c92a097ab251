import { ServiceError } from '@temporalio/client';
import { google, temporal } from '@temporalio/proto';
import { DrizzleQueryError } from 'drizzle-orm/errors';
import { describe, expect, it } from 'vitest';
import { databaseUnavailable, toProblem } from '../../api/errors';

// What the fault suites meet, as the API answers it: a wait (503, retry with the same Idempotency-Key), never a 500.

describe('database failures as API problems', () => {
  const wrapped = (cause: unknown) => new DrizzleQueryError('select 1', [], cause as Error);
  const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
  const closed = Object.assign(new Error('write CONNECTION_CLOSED 127.0.0.1:5432'), { code: 'CONNECTION_CLOSED' });
  const shutdown = Object.assign(new Error('terminating connection due to administrator command'), { name: 'PostgresError', code: '57P01' });
  const duplicate = Object.assign(new Error('duplicate key value'), { name: 'PostgresError', code: '23505' });

  it('answers 503 for a refused or lost connection and a server shutting down, naming no SQL or address', () => {
    for (const error of [refused, closed, shutdown]) {
      const answer = toProblem(wrapped(error));
      expect(answer).toMatchObject({ status: 503, title: 'Service unavailable' });
      expect(JSON.stringify(answer)).not.toMatch(/select|5432|127\.0\.0\.1/);
    }
    expect(databaseUnavailable(wrapped(shutdown))).toBe('57P01');
  });

  it('keeps 500 for other database errors and for errors that only look alike', () => {
    expect(toProblem(wrapped(duplicate)).status).toBe(500);
    expect(toProblem(new Error('ECONNREFUSED')).status).toBe(500);
    expect(databaseUnavailable(Object.assign(new Error('x'), { code: '57P01' }))).toBeUndefined();
  });
});

describe("Temporal's workflow-not-ready refusal as an API problem", () => {
  /** FAILED_PRECONDITION as the server sends it, with or without its WorkflowNotReadyFailure detail. */
  const failedPrecondition = (notReady: boolean) => {
    const message = 'Unable to perform workflow execution update due to Workflow Task in failed state.';
    const details = notReady
      ? [{ type_url: 'type.googleapis.com/temporal.api.errordetails.v1.WorkflowNotReadyFailure', value: temporal.api.errordetails.v1.WorkflowNotReadyFailure.encode({}).finish() }]
      : [];
    const status = Buffer.from(google.rpc.Status.encode({ code: 9, message, details }).finish());
    // grpc-js Metadata, as far as the API reads it.
    const metadata = { get: (key: string) => (key === 'grpc-status-details-bin' ? [status] : []) };
    const grpc = Object.assign(new Error(`9 FAILED_PRECONDITION: ${message}`), { code: 9, details: message, metadata });
    return new ServiceError('Workflow Update failed', { cause: grpc });
  };

  it('answers 503 while the workflow task is failing (after a worker was killed mid-task), 500 for other preconditions', () => {
    expect(toProblem(failedPrecondition(true))).toMatchObject({ status: 503, title: 'Service unavailable' });
    expect(toProblem(failedPrecondition(false)).status).toBe(500);
  });
});
