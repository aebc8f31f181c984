import { describe, expect, it } from 'vitest';
import { contentTypeFor } from '../../main/contract/content-types';

describe('the content type of a served file', () => {
  it('by its extension, in any case, from a path of either separator', () => {
    expect(contentTypeFor('/srv/dist/renderer/index.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeFor('assets\\NotoSansSC.WOFF2')).toBe('font/woff2');
    expect(contentTypeFor('hub-console/assets/main-1a2b.js')).toBe('text/javascript; charset=utf-8');
  });
  it('a name without an extension, a dot in a folder name, or an unknown extension is served as bytes', () => {
    expect(contentTypeFor('/srv/v1.2/LICENSE')).toBe('application/octet-stream');
    expect(contentTypeFor('.htaccess')).toBe('application/octet-stream');
    expect(contentTypeFor('backup.sqlite')).toBe('application/octet-stream');
  });
});
