import { describe, expect, it } from 'vitest';
import { escapeHtml, jsonForScript } from '../../src/util/escape';

describe('escaping data for markup', () => {
  it('escapes & < > " and \' for text and attribute values, & first so nothing is escaped twice', () => {
    expect(escapeHtml(`<img src=x onerror="a('&amp;')">`)).toBe('&lt;img src=x onerror=&quot;a(&#39;&amp;amp;&#39;)&quot;&gt;');
    expect(escapeHtml(42)).toBe('42');
    expect(escapeHtml('ünï\ncode\t😀')).toBe('ünï\ncode\t😀');
  });

  it('replaces what XML forbids even as a reference (controls, lone surrogates), so an SVG stays parseable', () => {
    expect(escapeHtml('bell\u0007ring\u0000')).toBe('bell\uFFFDring\uFFFD');
    expect(escapeHtml('lone \uD800 and \uDC00, pair 😀')).toBe('lone \uFFFD and \uFFFD, pair 😀');
  });

  it('writes JSON that cannot end or change a script element and parses back unchanged', () => {
    const value = { names: ['</script><script>alert(1)</script>', '<!-- x', 'a & b > c', 'line\u2028sep\u2029para', '__proto__'], n: 3 };
    const text = jsonForScript(value);
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(text)).toEqual(value);
    // also valid as a JavaScript expression
    expect(new Function(`return ${text};`)()).toEqual(value);
  });
});
