import { describe, expect, it } from 'vitest';
import { checkPolicy, containsTerm } from '../../functions/domain/policy.js';

describe('brand policy', () => {
  it('blocks a banned term as a whole word, whatever its case', () => {
    // Act
    const result = checkPolicy({ x: 'Get it CHEAP, today.' }, ['cheap']);
    // Assess
    expect(result).toEqual({
      outcome: 'block',
      findings: [{ severity: 'block', rule: 'banned-term', channel: 'x', term: 'cheap' }],
    });
  });

  it('does not block a word that merely contains a banned term', () => {
    // Act
    const result = checkPolicy({ x: 'Cheapest? No: cheapskate prices are gone.' }, ['cheap']);
    // Assess
    expect(result.outcome).toBe('pass');
  });

  it('matches a multi-word banned term and one written with accents', () => {
    // Assess
    expect(containsTerm('Act now: limited offer inside', 'limited offer')).toBe(true);
    expect(containsTerm('Un prix très BAS', 'très bas')).toBe(true);
    expect(containsTerm('très basique', 'très bas')).toBe(false);
  });

  it('finds a Chinese banned term inside text without spaces', () => {
    // Act
    const result = checkPolicy({ weibo: '这是全网最便宜的产品' }, ['便宜']);
    // Assess
    expect(result.outcome).toBe('block');
    expect(result.findings[0]).toMatchObject({ rule: 'banned-term', channel: 'weibo', term: '便宜' });
  });

  it('finds a Japanese banned term inside text without spaces', () => {
    // Assess
    expect(containsTerm('今だけ激安セール開催中', '激安')).toBe(true);
  });

  it('warns about shouting in capitals and about runs of exclamation marks', () => {
    // Act
    const shouting = checkPolicy({ x: 'THE BIG SALE STARTS NOW' }, []);
    const exclaiming = checkPolicy({ x: 'New colours are in!!!' }, []);
    const fullWidth = checkPolicy({ weibo: '新品上市！！！' }, []);
    // Assess
    expect(shouting.findings).toEqual([{ severity: 'warn', rule: 'shouting', channel: 'x' }]);
    expect(exclaiming.findings).toEqual([{ severity: 'warn', rule: 'exclamation-run', channel: 'x' }]);
    expect(fullWidth.outcome).toBe('warn');
  });

  it('lets a calm post with an acronym or two pass', () => {
    // Act
    const result = checkPolicy({ x: 'Our NYC store opens with the new EU range! Come by.' }, ['cheap']);
    // Assess
    expect(result).toEqual({ outcome: 'pass', findings: [] });
  });
});
