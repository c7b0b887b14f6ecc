import { describe, expect, it } from 'vitest';
import { injectShell } from './html';

const INDEX = '<!doctype html><html><head><title>Hypomos</title></head><body><div id="root"></div></body></html>';

describe('injectShell', () => {
  // Issue 16, finding 6: String.replace read `$` patterns in a title as replacement patterns.
  it('puts a title with $ patterns into <title> and og:title exactly as written', () => {
    const title = "Pay $& $' $` $1 $$ $<x>";
    const html = injectShell(INDEX, { title, url: 'https://share.example.org/s/t' });
    expect(html).toContain(`<title>Pay $&amp; $&#39; $\` $1 $$ $&lt;x&gt;</title>`);
    expect(html).toContain(`<meta property="og:title" content="Pay $&amp; $&#39; $\` $1 $$ $&lt;x&gt;">`);
    expect(html.match(/<title>/g)).toHaveLength(1);
    expect(html).toContain('<div id="root"></div></body>');
  });
});
