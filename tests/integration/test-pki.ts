// A throw-away PKI for the TLS test, made with the openssl command line (Debian's openssl): a
// district CA, the broker's certificate for 127.0.0.1, and a cabinet's client certificate whose CN
// is its cabinet id (the broker's user name with use_identity_as_username).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

export function makeTestPki(clientCn: string) {
  const dir = mkdtempSync(join(tmpdir(), 'fleet-pki-'));
  const f = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  openssl('req', '-x509', ...EC, '-keyout', f('ca.key'), '-out', f('ca.crt'), '-subj', '/CN=test district CA', '-days', '2');
  const issue = (name: string, cn: string, ext: string) => {
    writeFileSync(f(`${name}.ext`), ext);
    openssl('req', ...EC, '-keyout', f(`${name}.key`), '-out', f(`${name}.csr`), '-subj', `/CN=${cn}`);
    openssl('x509', '-req', '-in', f(`${name}.csr`), '-CA', f('ca.crt'), '-CAkey', f('ca.key'), '-CAcreateserial', '-out', f(`${name}.crt`), '-days', '2', '-extfile', f(`${name}.ext`));
  };
  issue('server', '127.0.0.1', 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  issue('client', clientCn, 'extendedKeyUsage=clientAuth\n');
  issue('district', 'district', 'extendedKeyUsage=clientAuth\n');
  return {
    ca: f('ca.crt'),
    server: { cert: f('server.crt'), key: f('server.key') },
    client: { cert: f('client.crt'), key: f('client.key') },
    district: { cert: f('district.crt'), key: f('district.key') },
  };
}
