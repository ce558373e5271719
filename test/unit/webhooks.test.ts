import { describe, expect, it } from 'vitest';
import { newSecret, sign, signatureHeader, verify } from '../../src/lib/webhooks.js';

describe('Standard Webhooks signing', () => {
  it('matches the Standard Webhooks reference example', () => {
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    expect(sign(secret, 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}')).toBe(
      'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    );
  });

  it('verifies with either secret while two sign, and fails on any change to the signed bytes', () => {
    const [a, b] = [newSecret(), newSecret()];
    const body = '{"type":"ping"}';
    const signature = signatureHeader([a, b], 'msg_1', 1700000000, body);
    expect(signature.split(' ')).toHaveLength(2);
    const h = { id: 'msg_1', timestamp: '1700000000', signature };
    expect(verify(a, h, body)).toBe(true);
    expect(verify(b, h, body)).toBe(true);
    expect(verify(newSecret(), h, body)).toBe(false);
    expect(verify(a, h, `${body} `)).toBe(false);
    expect(verify(a, { ...h, id: 'msg_2' }, body)).toBe(false);
    expect(verify(a, { ...h, timestamp: '1700000001' }, body)).toBe(false);
  });
});

describe('a body stored with its shared part left out', () => {
  it('comes back as exactly the bytes payload() makes, whatever the placements contain', async () => {
    const { payload, payloadWithPart } = await import('../../src/services/alerts/payload.js');
    const { joinPart } = await import('../../src/domain/alert.js');
    const rule = {
      id: 'al_1',
      name: 'h100 "$&" rule',
      query: { gpu: 'H100' },
      condition: { availability: ['available'], minPlacements: 1 },
      format: 'standard',
    } as never;
    const placements = [{ offerId: 'x', instanceType: 'a$&b$1"\\u0000' }] as never;
    const { body, part } = payloadWithPart(rule, 'capacity.available', placements, 1_800_000_000_000);
    expect(part).toBeDefined();
    expect(body).not.toContain(part!);
    expect(joinPart(body, part!)).toBe(payload(rule, 'capacity.available', placements, 1_800_000_000_000));
  });
});
