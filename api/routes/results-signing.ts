import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { DossierRow, ResultDocumentRow } from '../../db/schema';
import { authenticated, dossierUnits } from '../auth/scope';
import { problem } from '../errors';
import { DEFAULT_MEDIA_TYPES } from '../files/component-rules';
import { contradicts, extensionOf } from '../files/media-types';
import type { Received } from '../files/receive';
import { ALGORITHM, signStatement, type ResultStatement } from '../results/signing';
import { rowToView } from './dossiers/read';

// Signing an uploaded e-result: the checks before the body is read, and the signature after.

export const ResultView = z.object({
  id: z.string().describe('<dossier code>-KQ<n>'),
  dossierId: z.string(),
  unitCode: z.string().describe('the signing unit'),
  keyId: z.string(),
  algorithm: z.string(),
  name: z.string(),
  sha256: z.string(),
  size: z.number().int(),
  mediaType: z.string(),
  signedBy: z.string(),
  signedAt: z.string(),
});

const SIGNABLE = ['RESULT_READY', 'RESULT_RETURNED', 'RATED'];

export const toResultView = (row: ResultDocumentRow): z.infer<typeof ResultView> => ({
  id: row.id,
  dossierId: row.dossierId,
  unitCode: row.unitCode,
  keyId: row.keyId,
  algorithm: ALGORITHM,
  name: row.name,
  sha256: row.sha256,
  size: row.size,
  mediaType: row.mediaType,
  signedBy: row.signedBy,
  signedAt: row.signedAt.toISOString(),
});

interface Prepared {
  row: DossierRow;
  documentNo: string;
  unitCode: string;
  existing: ResultDocumentRow | undefined;
}

/** The unit that signs: the receiving unit when the caller acts for it, else the caller's unit on the dossier. */
async function signerUnit(app: FastifyInstance, units: readonly string[], row: DossierRow): Promise<string> {
  if (units.includes(row.unitCode)) return row.unitCode;
  const reached = await dossierUnits(app.catalogue, row);
  return units.find((unit) => reached.includes(unit))!;
}

async function prepare(app: FastifyInstance, request: FastifyRequest, row: DossierRow): Promise<Prepared> {
  const { documentNo } = request.params as { documentNo: string };
  if (!SIGNABLE.includes(row.status)) {
    throw problem(409, 'Result not ready', { detail: `a dossier in status ${row.status} has no result to sign; approve it first` });
  }
  if (!rowToView(row).resultDocuments.includes(documentNo)) {
    throw problem(404, 'Result document not found', { detail: `the dossier's result documents do not include ${documentNo}`, field: 'params.documentNo' });
  }
  const existing = await app.files.results.find(documentNo);
  return { row, documentNo, unitCode: await signerUnit(app, authenticated(request).units, row), existing };
}

function refusal(received: Received, declared: string | undefined): string | undefined {
  if (received.size === 0) return 'the file is empty';
  const { found } = received;
  if (received.kind === 'refused') return `the content is ${found.description} (${found.mediaType}); accepted: ${DEFAULT_MEDIA_TYPES.join(', ')}`;
  if (contradicts(declared, found.mediaType)) return `declared as ${declared} but the content is ${found.description} (${found.mediaType})`;
  return undefined;
}

async function complete(app: FastifyInstance, request: FastifyRequest, prepared: Prepared, received: Received) {
  const reason = refusal(received, request.headers['content-type']);
  if (reason || received.kind !== 'stored') throw problem(422, 'Invalid result file', { detail: `body: ${reason}`, field: 'body' });
  const { row, documentNo, unitCode, existing } = prepared;
  const alreadySigned = () =>
    problem(409, 'Result already signed', { detail: `${documentNo} is signed with another file; a signed result is never replaced` });
  if (existing) {
    if (existing.sha256 !== received.sha256) throw alreadySigned();
    return { view: toResultView(existing), created: false };
  }
  const key = await app.files.keys.keyFor(unitCode);
  const mediaType = received.found.mediaType;
  const statement: ResultStatement = {
    v: 1,
    alg: ALGORITHM,
    resultId: documentNo,
    dossierCode: row.dossierCode!,
    unitCode,
    keyId: key.keyId,
    sha256: received.sha256,
    size: received.size,
    mediaType,
    signedAt: new Date().toISOString(),
  };
  const signed = signStatement(statement, key);
  const stored = await app.files.results.record({
    id: documentNo,
    dossierId: row.id,
    unitCode,
    keyId: key.keyId,
    name: `${documentNo}.${extensionOf(mediaType)}`,
    sha256: received.sha256,
    size: received.size,
    mediaType,
    ...signed,
    signedBy: authenticated(request).subject,
    signedAt: new Date(statement.signedAt),
  });
  if (stored.sha256 !== received.sha256) throw alreadySigned();
  return { view: toResultView(stored), created: stored.signature === signed.signature };
}

export const signResult = { prepare, complete };
