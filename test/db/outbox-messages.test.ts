import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DOSSIER_EVENT_TYPES, emailTemplateOf, messagesFor } from '../../db/repositories/outbox-messages';
import { lifecycle } from '../support/outbox-fixtures';

describe('outbox messages for an event', () => {
  it('know every event type the dossier workflow records, so a subscription can filter on any of them', () => {
    const folder = new URL('../../workflows/dossier/', import.meta.url);
    const source = readdirSync(folder).map((file) => readFileSync(new URL(file, folder), 'utf8')).join('\n');
    const recorded = new Set<string>();
    for (const line of source.split('\n').filter((l) => /record\(state, |type = '|const type = /.test(l))) {
      // The type is the literal right after `record(state, `, or a branch of a ternary choosing it.
      for (const [, name] of line.matchAll(/(?:record\(state, |\? |: |type = )'([A-Z][A-Z_]+)'/g)) recorded.add(name!);
    }
    expect(recorded.size).toBeGreaterThan(25);
    expect([...recorded].filter((type) => !(DOSSIER_EVENT_TYPES as readonly string[]).includes(type))).toEqual([]);
  });

  it('e-mail the applicant for a pause to supplement, not for other pauses', () => {
    const event = { ...lifecycle('dossier-pause')[2]!, type: 'PAUSED', fromStatus: 'IN_HANDLING' as const };
    const paused = (reason: string) => ({ ...event, payload: { reason, items: [{ item: 'Bản vẽ', reason: 'thiếu chữ ký' }] } });
    expect(emailTemplateOf(paused('SUPPLEMENT'))).toBe('SUPPLEMENT_REQUESTED');
    expect(emailTemplateOf(paused('VERIFICATION'))).toBeUndefined();
  });

  it('are none for an event out of order whose previous state is unknown and whose status did not change', () => {
    const [, , , payment] = lifecycle('dossier-quiet');
    expect(messagesFor(payment!, undefined, [{ id: 'wh_1', eventTypes: [] }])).toEqual([]);
  });
});
